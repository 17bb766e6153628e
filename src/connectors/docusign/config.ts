import { z } from 'zod';
import { hostAllowed, isLoopbackHost } from '../sdk/host-guard.js';
import { docusignHostsForAudience } from './hosts.js';

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID like 4799e5e9-1559-4915-9862-cf4713bbcacc');

function isDocusignHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host.endsWith('.docusign.net') || host.endsWith('.docusign.com');
}

/** What `parapet connect docusign` asks for. `privateKey` is a secret: encrypted at rest, never shown. */
export const DocusignConfigSchema = z
  .object({
    /** `demo` (developer sandbox), `production`, or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['demo', 'production', 'simulator']).default('production'),
    /** GUID of the organisation administrator the integration impersonates (not the e-mail). */
    userId: guid,
    /** The integration key (client id) of the app registered in DocuSign's Apps and Keys page. */
    integrationKey: guid,
    /** RSA private key (PEM) of the integration key's keypair. */
    privateKey: z
      .string()
      .refine((k) => k.includes('PRIVATE KEY-----'), 'must be a PEM RSA private key (-----BEGIN RSA PRIVATE KEY----- ...)'),
    /** The account base URI shown in Apps and Keys, e.g. https://na3.docusign.net. */
    accountBaseUri: z.url('must be a URL such as https://na3.docusign.net'),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
    /** Monitor wire format: the v2.0 dataset stream or the v1 organisation stream. @default v2.0 */
    monitorApi: z.enum(['v2.0', 'v1']).default('v2.0'),
    /** Monitor records per request (DocuSign allows 1..2000). @default 2000 */
    pageSize: z.number().int().min(1).max(2000).default(2000),
    /** Restrict to one organisation when the admin belongs to several. @default the integration's organisation */
    organizationId: guid.optional(),
  })
  .superRefine((config, ctx) => {
    const base = new URL(config.accountBaseUri);
    if (config.environment === 'simulator') {
      if (!config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is required with environment simulator' });
      else if (!isLoopbackHost(new URL(config.simulatorUrl).hostname))
        ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'must be a loopback URL (127.0.0.1 or localhost)' });
      if (!isLoopbackHost(base.hostname))
        ctx.addIssue({ code: 'custom', path: ['accountBaseUri'], message: 'must be the simulator (loopback) in the simulator environment' });
    } else {
      if (base.protocol !== 'https:' || !isDocusignHost(base.hostname))
        ctx.addIssue({
          code: 'custom',
          path: ['accountBaseUri'],
          message: `${base.host} is not a DocuSign host: use the account base URI from Apps and Keys, e.g. https://demo.docusign.net or https://na3.docusign.net`,
        });
      else if (!hostAllowed(base, docusignHostsForAudience(config.environment === 'demo' ? 'account-d.docusign.com' : 'account.docusign.com')))
        ctx.addIssue({
          code: 'custom',
          path: ['accountBaseUri'],
          message:
            config.environment === 'demo'
              ? `${base.host} is not a demo host: demo accounts live on https://demo.docusign.net (or choose --environment production)`
              : `${base.host} is a demo host: a production token is never sent there; use the production account base URI (e.g. https://na3.docusign.net) or --environment demo`,
        });
      if (config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is only allowed with environment simulator' });
    }
  });

export type DocusignConfig = z.infer<typeof DocusignConfigSchema>;
export type DocusignConfigInput = z.input<typeof DocusignConfigSchema>;

export interface DocusignEndpoints {
  /** OAuth host: token, userinfo. */
  oauth: string;
  /** JWT `aud`: the OAuth host without scheme. */
  audience: string;
  /** Admin API base, ending in /management. */
  admin: string;
  /** Monitor v2.0 dataset stream host. */
  monitorV2: string;
  /** Monitor v1 organisation stream host. */
  monitorV1: string;
  /** eSignature REST base (the account base URI). */
  esignature: string;
}

export function docusignEndpoints(config: DocusignConfig): DocusignEndpoints {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { oauth: sim, audience: new URL(sim).host, admin: `${sim}/management`, monitorV2: sim, monitorV1: sim, esignature: config.accountBaseUri.replace(/\/$/, '') };
  }
  const demo = config.environment === 'demo';
  return {
    oauth: demo ? 'https://account-d.docusign.com' : 'https://account.docusign.com',
    audience: demo ? 'account-d.docusign.com' : 'account.docusign.com',
    admin: demo ? 'https://api-d.docusign.net/management' : 'https://api.docusign.net/management',
    monitorV2: demo ? 'https://lens-d.docusign.net' : 'https://lens.docusign.net',
    monitorV1: demo ? 'https://api-d.docusign.com' : 'https://api.docusign.com',
    esignature: config.accountBaseUri.replace(/\/$/, ''),
  };
}
