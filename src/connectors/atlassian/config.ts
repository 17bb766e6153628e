import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

/** Every organisation API lives on one host (digest §1). */
export const ATLASSIAN_HOST = 'api.atlassian.com';

/** Events per request of the audit-log stream (`limit`); Atlassian documents no maximum, the simulator serves 1000. */
export const EVENTS_MAX_LIMIT = 1000;

/** What `parapet connect atlassian` asks for. The API key is a secret: encrypted at rest, never shown. */
export const AtlassianConfigSchema = z
  .object({
    /** `production` (api.atlassian.com) or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['production', 'simulator']).default('production'),
    /** Organisation API key (Atlassian Administration → Settings → API keys), sent as a bearer token. */
    apiKey: z.string().trim().min(20, 'must be an organisation API key from Atlassian Administration → Settings → API keys (a long opaque string)'),
    /** The organisation id shown next to the API key (a UUID-like id); `GET /admin/v1/orgs` cannot be relied on to find it. */
    orgId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be the organisation id shown with the API key (Atlassian Administration → Settings → API keys)'),
    /** Directory of the v2 user and group searches; `-` means every directory the key administers. @default - */
    directoryId: z.string().trim().regex(/^(-|[A-Za-z0-9-]{1,64})$/, 'must be a directory id or "-" for all directories').default('-'),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
    /** Audit events per request. @default 200 */
    pageSize: z.number().int().min(1).max(EVENTS_MAX_LIMIT).default(200),
  })
  .superRefine((config, ctx) => {
    checkSimulatorUrl(config, ctx);
  });

export type AtlassianConfig = z.infer<typeof AtlassianConfigSchema>;
export type AtlassianConfigInput = z.input<typeof AtlassianConfigSchema>;

/** `https://api.atlassian.com`, or the simulator. */
export function atlassianBase(config: AtlassianConfig): string {
  if (config.environment === 'simulator' && config.simulatorUrl) return config.simulatorUrl.replace(/\/$/, '');
  return `https://${ATLASSIAN_HOST}`;
}

/** Hosts an Atlassian connection may send its API key to. */
export function atlassianAllowedHosts(config: AtlassianConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return [ATLASSIAN_HOST];
}
