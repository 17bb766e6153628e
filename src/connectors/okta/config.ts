import { z } from 'zod';
import { isLoopbackHost } from '../sdk/host-guard.js';

/** Okta's own org hosts; a custom domain (https) is accepted too, and the simulator on loopback. */
const OKTA_SUFFIXES = ['.okta.com', '.oktapreview.com', '.okta-emea.com', '.okta-gov.com', '.okta.mil'];

export const OKTA_DEFAULT_PAGE_SIZE = 1000;

/**
 * What `parapet connect okta` asks for. Two ways in: an OAuth 2.0 service app with a private key
 * (recommended: scoped, no admin's personal token), or an SSWS API token. `apiToken` and `privateKey` are
 * secrets: encrypted at rest, never shown.
 */
export const OktaConfigSchema = z
  .object({
    /** The org URL, e.g. https://acme.okta.com (not the -admin URL). */
    orgUrl: z.url('must be the org URL, such as https://acme.okta.com'),
    authMethod: z.enum(['oauth-private-key', 'api-token']).default('oauth-private-key'),
    /** SSWS API token (Security → API → Tokens); only with authMethod api-token. */
    apiToken: z.string().min(20, 'must be the whole API token (about 42 characters)').optional(),
    /** Client id of the API service app (starts with 0oa); only with authMethod oauth-private-key. */
    clientId: z.string().regex(/^0oa[A-Za-z0-9]{17}$/, 'must be the service app client id, 20 characters starting 0oa').optional(),
    /** PEM private key (PKCS#1 or PKCS#8) whose public key is registered on the service app. */
    privateKey: z.string().refine((k) => k.includes('PRIVATE KEY-----'), 'must be a PEM private key (-----BEGIN PRIVATE KEY----- ...)').optional(),
    /** The `kid` of that public key in the app's JWKS, when the app has several. */
    keyId: z.string().optional(),
    /**
     * E-mail domains this Okta org owns (e.g. acme.com). Its users with an address in one of them anchor
     * identities (governance acts through Okta for them); Okta's API does not say which domains an org owns.
     * @default none: accounts link by e-mail but anchor nothing
     */
    domains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^[a-z0-9.-]+\.example$/, 'must be a domain name such as acme.com')).default([]),
    /** System Log records per request (Okta allows 1..1000). @default 1000 */
    pageSize: z.number().int().min(1).max(1000).default(OKTA_DEFAULT_PAGE_SIZE),
  })
  .superRefine((config, ctx) => {
    const url = new URL(config.orgUrl);
    const host = url.hostname.toLowerCase();
    if (isLoopbackHost(host)) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['orgUrl'], message: 'must be an http(s) URL' });
    } else if (url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', path: ['orgUrl'], message: 'must be https (e.g. https://acme.okta.com)' });
    } else if (host.endsWith('-admin.okta.com') || host.endsWith('-admin.oktapreview.com')) {
      ctx.addIssue({ code: 'custom', path: ['orgUrl'], message: `${host} is the Admin Console: use the org URL without "-admin" (e.g. https://${host.replace('-admin.', '.')})` });
    }
    if (url.pathname !== '/' && url.pathname !== '') ctx.addIssue({ code: 'custom', path: ['orgUrl'], message: 'must be the bare org URL, without a path (e.g. https://acme.okta.com)' });
    if (config.authMethod === 'api-token') {
      if (!config.apiToken) ctx.addIssue({ code: 'custom', path: ['apiToken'], message: 'is required with authMethod api-token (Okta Admin Console → Security → API → Tokens)' });
    } else {
      if (!config.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'is required with authMethod oauth-private-key (the API service app\'s Client ID)' });
      if (!config.privateKey) ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'is required with authMethod oauth-private-key (the private key of the public key added to the service app)' });
    }
  });

export type OktaConfig = z.infer<typeof OktaConfigSchema>;
export type OktaConfigInput = z.input<typeof OktaConfigSchema>;

export function orgBase(config: OktaConfig): string {
  return new URL(config.orgUrl).origin;
}

/** Hosts credentials may go to: the org's own host only (loopback for the simulator). */
export function oktaAllowedHosts(config: OktaConfig): string[] {
  const host = new URL(config.orgUrl).hostname.toLowerCase();
  return isLoopbackHost(host) ? ['loopback'] : [host];
}

export function isOktaHost(host: string): boolean {
  return OKTA_SUFFIXES.some((s) => host.toLowerCase().endsWith(s));
}
