import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().trim().regex(GUID_RE, 'must be a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47');

/** The Management Activity API content types Parapet reads (DLP.All needs ActivityFeed.ReadDlp and is left out). */
export const M365_CONTENT_TYPES = ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General'] as const;
export type M365ContentType = (typeof M365_CONTENT_TYPES)[number];

export const M365_ENVIRONMENTS = ['commercial', 'gcc', 'gcc-high', 'dod', 'simulator'] as const;
export type M365Environment = (typeof M365_ENVIRONMENTS)[number];

/**
 * What `parapet connect microsoft365` asks for. `clientSecret` and `certificate` are secrets: encrypted at
 * rest, never shown. Exactly one of them is given.
 */
export const Microsoft365ConfigSchema = z
  .object({
    /** Microsoft cloud the tenant lives in; `simulator` is the local simulator (loopback only). @default commercial */
    environment: z.enum(M365_ENVIRONMENTS).default('commercial'),
    /** Directory (tenant) ID from the app registration's Overview page. */
    tenantId: guid,
    /** Application (client) ID of the app registration. */
    clientId: guid,
    /** The client secret's Value (not its Secret ID). */
    clientSecret: z.string().min(1).optional(),
    /**
     * PEM private key of a certificate uploaded to the app registration (instead of a secret). The PEM may
     * also hold the certificate itself, and then the thumbprint is read from it.
     */
    certificate: z
      .string()
      .refine((k) => k.includes('PRIVATE KEY-----'), 'must be a PEM private key (-----BEGIN PRIVATE KEY----- ...)')
      .optional(),
    /** SHA-1 thumbprint of that certificate, as the Certificates & secrets page shows it (40 hex digits). @default read from the PEM's certificate */
    thumbprint: z
      .string()
      .trim()
      .transform((t) => t.replace(/[\s:]/g, '').toUpperCase())
      .refine((t) => /^[0-9A-F]{40}$/.test(t), 'must be the certificate thumbprint: 40 hexadecimal digits')
      .optional(),
    /** Unified audit log content types to collect. @default all four */
    components: z
      .array(z.enum(M365_CONTENT_TYPES))
      .min(1, 'choose at least one of ' + M365_CONTENT_TYPES.join(', '))
      .default([...M365_CONTENT_TYPES]),
    /** Collect Entra interactive sign-ins from Microsoft Graph (needs Entra ID P1 or P2). @default true */
    includeSignIns: z.boolean().default(true),
    /** Also collect non-interactive sign-ins (token refreshes; high volume, Graph beta). @default false */
    includeNonInteractiveSignIns: z.boolean().default(false),
    /** `PublisherIdentifier` sent to the Management Activity API (its throttling pool). @default tenantId */
    publisherIdentifier: guid.optional(),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
  })
  .superRefine((config, ctx) => {
    const hasSecret = config.clientSecret !== undefined;
    const hasCert = config.certificate !== undefined || config.thumbprint !== undefined;
    if (hasSecret && hasCert) {
      ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'give either a client secret or a certificate, not both' });
    } else if (!hasSecret && !hasCert) {
      ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'is required (or a certificate: certificate + thumbprint)' });
    } else if (hasCert && config.certificate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'a thumbprint needs the certificate\'s private key (PEM)' });
    } else if (hasCert && config.thumbprint === undefined && !config.certificate?.includes('BEGIN CERTIFICATE')) {
      ctx.addIssue({ code: 'custom', path: ['thumbprint'], message: 'is required unless the PEM file also holds the certificate (-----BEGIN CERTIFICATE-----)' });
    }
    checkSimulatorUrl(config, ctx);
  });

export type Microsoft365Config = z.infer<typeof Microsoft365ConfigSchema>;
export type Microsoft365ConfigInput = z.input<typeof Microsoft365ConfigSchema>;

/** Where each Microsoft service of one cloud lives, and the resource ids tokens are requested for. */
export interface M365Endpoints {
  /** Token authority, e.g. https://login.microsoftonline.com. */
  login: string;
  /** Management Activity API origin, e.g. https://manage.office.com. */
  manage: string;
  /** Microsoft Graph origin, e.g. https://graph.microsoft.com. */
  graph: string;
  /** Resource (audience) of Management API tokens. */
  manageResource: string;
  /** Resource (audience) of Graph tokens. */
  graphResource: string;
}

const CLOUDS: Record<Exclude<M365Environment, 'simulator'>, M365Endpoints> = {
  commercial: {
    login: 'https://login.microsoftonline.com',
    manage: 'https://manage.office.com',
    graph: 'https://graph.microsoft.com',
    manageResource: 'https://manage.office.com',
    graphResource: 'https://graph.microsoft.com',
  },
  gcc: {
    login: 'https://login.microsoftonline.com',
    manage: 'https://manage-gcc.office.com',
    graph: 'https://graph.microsoft.com',
    manageResource: 'https://manage-gcc.office.com',
    graphResource: 'https://graph.microsoft.com',
  },
  'gcc-high': {
    login: 'https://login.microsoftonline.us',
    manage: 'https://manage.office365.us',
    graph: 'https://graph.microsoft.us',
    manageResource: 'https://manage.office365.us',
    graphResource: 'https://graph.microsoft.us',
  },
  dod: {
    login: 'https://login.microsoftonline.us',
    manage: 'https://manage.protection.apps.mil',
    graph: 'https://dod-graph.microsoft.us',
    manageResource: 'https://manage.protection.apps.mil',
    graphResource: 'https://dod-graph.microsoft.us',
  },
};

export function m365Endpoints(config: Pick<Microsoft365Config, 'environment' | 'simulatorUrl'>): M365Endpoints {
  if (config.environment === 'simulator') {
    const sim = (config.simulatorUrl ?? 'http://127.0.0.1').replace(/\/$/, '');
    // The simulator serves every host's paths on one port; tokens keep the commercial audiences.
    return { ...CLOUDS.commercial, login: sim, manage: sim, graph: sim };
  }
  return CLOUDS[config.environment];
}

/** The PublisherIdentifier to send: the configured one, else the tenant id (single-tenant deployments). */
export function publisherIdentifier(config: Pick<Microsoft365Config, 'publisherIdentifier' | 'tenantId'>): string {
  return config.publisherIdentifier ?? config.tenantId;
}
