import { z } from 'zod';
import { isLoopbackHost } from '../sdk/host-guard.js';

/** Box allows `limit` up to 500 on the enterprise event stream. */
export const BOX_EVENTS_MAX_LIMIT = 500;

const BOX_API_HOST = 'api.box.com';

/**
 * What `parapet connect box` asks for: a Box Platform app (server authentication) of the enterprise, either
 * Client Credentials Grant (client id + secret) or JWT (client id + secret + an RSA key pair whose public key
 * is on the app). `clientSecret` and `privateKey` are secrets: encrypted at rest, never shown.
 */
export const BoxConfigSchema = z
  .object({
    authMethod: z.enum(['ccg', 'jwt']).default('ccg'),
    /** The app's Client ID (Developer Console → app → Configuration, 32 characters). */
    clientId: z.string().regex(/^[A-Za-z0-9]{16,64}$/, 'must be the app\'s Client ID (32 letters and digits, Developer Console → Configuration)'),
    /** The app's Client Secret. */
    clientSecret: z.string().min(16, 'must be the whole Client Secret (32 characters)'),
    /** The enterprise id (Admin Console → Account & Billing, or the app's General Settings). */
    enterpriseId: z.string().regex(/^\d{1,20}$/, 'must be the numeric Enterprise ID (Admin Console → Account & Billing)'),
    /** PEM private key whose public key was added to the app (JWT only; decrypt it first if it has a passphrase). */
    privateKey: z.string().refine((k) => k.includes('PRIVATE KEY-----'), 'must be a PEM private key (-----BEGIN PRIVATE KEY----- ...)').optional(),
    /** The public key id Box shows after the key is added (JWT only). */
    publicKeyId: z.string().min(1).optional(),
    /**
     * Where the API lives. @default https://api.box.com (the token endpoint is `/oauth2/token`, the API `/2.0`)
     */
    apiBaseUrl: z.url().default('https://api.box.com'),
    /** Enterprise events per request (Box allows 1..500). @default 500 */
    pageSize: z.number().int().min(1).max(BOX_EVENTS_MAX_LIMIT).default(BOX_EVENTS_MAX_LIMIT),
    /** Days of ACCESS_GRANTED / ACCESS_REVOKED events read to list authorised apps. @default 90 */
    appGrantDays: z.number().int().min(1).max(365).default(90),
  })
  .superRefine((config, ctx) => {
    const url = new URL(config.apiBaseUrl);
    const host = url.hostname.toLowerCase();
    if (!isLoopbackHost(host)) {
      if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: 'must be https://api.box.com' });
      else if (host !== BOX_API_HOST) ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: `must be https://api.box.com (got ${host})` });
    }
    if (config.authMethod === 'jwt') {
      if (!config.privateKey) ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'is required with authMethod jwt (the private key of the key pair added under the app\'s Configuration → Add and Manage Public Keys)' });
      if (!config.publicKeyId) ctx.addIssue({ code: 'custom', path: ['publicKeyId'], message: 'is required with authMethod jwt (the ID Box shows beside the public key you added)' });
    }
  });

export type BoxConfig = z.infer<typeof BoxConfigSchema>;
export type BoxConfigInput = z.input<typeof BoxConfigSchema>;

export function apiOrigin(config: BoxConfig): string {
  return new URL(config.apiBaseUrl).origin;
}

/** Hosts credentials may go to: api.box.com only (loopback for the simulator). */
export function boxAllowedHosts(config: BoxConfig): string[] {
  const host = new URL(config.apiBaseUrl).hostname.toLowerCase();
  return isLoopbackHost(host) ? ['loopback'] : [host];
}
