import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

/** Salesforce caps a SOQL batch at 2,000 rows (and serves fewer for wide rows). */
export const SOQL_MAX_BATCH = 2000;
/** The REST API version Parapet speaks (digest §1: current docs show v62–v68; every object used exists since v36). */
export const DEFAULT_API_VERSION = '62.0';

/**
 * What `parapet connect salesforce` asks for: a connected app with the JWT bearer flow (its certificate holds
 * the public key; `privateKey` is the matching key, a secret: encrypted at rest, never shown) and the
 * pre-authorised integration user it acts as.
 */
export const SalesforceConfigSchema = z
  .object({
    /** `production` (login.salesforce.com), `sandbox` (test.salesforce.com) or `simulator` (loopback only). */
    environment: z.enum(['production', 'sandbox', 'simulator']).default('production'),
    /**
     * The org's My Domain login URL (https://acme.my.salesforce.com), used instead of the generic login host
     * when set (orgs that block the generic hosts need it). @default login.salesforce.com / test.salesforce.com
     */
    myDomainUrl: z.url().optional(),
    /** The connected app's Consumer Key (the JWT's `iss`). */
    consumerKey: z.string().trim().min(20, 'must be the connected app\'s Consumer Key (App Manager → View → Consumer Key and Secret)'),
    /** Username of the pre-authorised integration user (the JWT's `sub`), e.g. parapet@acme.com. */
    username: z.string().trim().regex(/^[^@\s]+@[^@\s]+$/, 'must be a Salesforce username (it looks like an e-mail address)'),
    /** PEM RSA private key whose certificate is uploaded on the connected app (Use digital signatures). */
    privateKey: z.string().refine((k) => k.includes('PRIVATE KEY-----'), 'must be a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)'),
    /** REST API version, e.g. 62.0. */
    apiVersion: z.string().regex(/^\d{2}\.0$/, 'must be an API version such as 62.0').default(DEFAULT_API_VERSION),
    /** SOQL batch size hint (Sforce-Query-Options: batchSize, 200..2000); Salesforce may serve fewer. @default 2000 */
    batchSize: z.number().int().min(200).max(SOQL_MAX_BATCH).default(SOQL_MAX_BATCH),
    /** Event Log File rows per stored page (each file is streamed, never held whole). @default 1000 */
    eventLogPageRows: z.number().int().min(1).max(10_000).default(1000),
    /** Read Event Monitoring's `Hourly` files (Event Monitoring add-on) instead of the `Daily` ones. @default Daily */
    eventLogInterval: z.enum(['Daily', 'Hourly']).default('Daily'),
    /** Event types read from Event Log Files (needs Event Monitoring / Shield). Empty: none. */
    eventLogTypes: z.array(z.string().regex(/^[A-Za-z]+$/)).default(['ReportExport', 'Report', 'RestApi', 'API', 'Logout', 'URI']),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
  })
  .superRefine((config, ctx) => {
    checkSimulatorUrl(config, ctx);
    if (config.myDomainUrl) {
      const host = new URL(config.myDomainUrl).hostname.toLowerCase();
      if (!host.endsWith('.salesforce.com')) ctx.addIssue({ code: 'custom', path: ['myDomainUrl'], message: 'must be the org\'s My Domain URL, e.g. https://acme.my.salesforce.com' });
    }
  });

export type SalesforceConfig = z.infer<typeof SalesforceConfigSchema>;
export type SalesforceConfigInput = z.input<typeof SalesforceConfigSchema>;

/** Where the token request goes and the JWT audience (digest §1: the login host, not My Domain, is the audience). */
export function loginEndpoint(config: SalesforceConfig): { url: string; audience: string } {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { url: sim, audience: sim };
  }
  const generic = config.environment === 'sandbox' ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
  return { url: config.myDomainUrl?.replace(/\/$/, '') ?? generic, audience: generic };
}

/** Hosts the token and API calls may go to: Salesforce's own (instance URLs are *.salesforce.com), or loopback. */
export function salesforceAllowedHosts(config: SalesforceConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return ['login.salesforce.com', 'test.salesforce.com', '*.salesforce.com'];
}
