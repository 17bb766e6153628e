import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

/** Zoom's hosts: the REST API on api.zoom.us, the OAuth token endpoint on zoom.us. */
export const ZOOM_HOSTS = ['api.zoom.us', 'zoom.us'] as const;

/** `page_size` of the report and list endpoints: default 30, at most 300 (digest §3). */
export const ZOOM_MAX_PAGE = 300;

/** What `parapet connect zoom` asks for. The client secret is a secret: encrypted at rest, never shown. */
export const ZoomConfigSchema = z
  .object({
    /** `production` (zoom.us) or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['production', 'simulator']).default('production'),
    /** Account ID of the Server-to-Server OAuth app (App Credentials page). */
    accountId: z.string().trim().regex(/^[A-Za-z0-9_-]{6,64}$/, 'must be the Account ID shown on the Server-to-Server OAuth app’s App Credentials page'),
    /** Client ID of the Server-to-Server OAuth app. */
    clientId: z.string().trim().regex(/^[A-Za-z0-9_-]{6,64}$/, 'must be the Client ID shown on the Server-to-Server OAuth app’s App Credentials page'),
    /** Client secret of the Server-to-Server OAuth app. */
    clientSecret: z.string().trim().min(8, 'must be the Client secret shown on the Server-to-Server OAuth app’s App Credentials page'),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
    /** Records per report page (Zoom allows 1..300). @default 300 */
    pageSize: z.number().int().min(1).max(ZOOM_MAX_PAGE).default(ZOOM_MAX_PAGE),
    /**
     * How far back each poll re-reads the reports (operation logs reach the report minutes late; entries
     * already read are skipped by their content hash). @default 60
     */
    relistMinutes: z.number().int().min(0).max(24 * 60).default(60),
  })
  .superRefine((config, ctx) => {
    checkSimulatorUrl(config, ctx);
  });

export type ZoomConfig = z.infer<typeof ZoomConfigSchema>;
export type ZoomConfigInput = z.input<typeof ZoomConfigSchema>;

export interface ZoomEndpoints {
  /** REST base, ending in /v2. */
  api: string;
  /** The OAuth token endpoint. */
  token: string;
}

export function zoomEndpoints(config: ZoomConfig): ZoomEndpoints {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { api: `${sim}/v2`, token: `${sim}/oauth/token` };
  }
  return { api: 'https://api.zoom.us/v2', token: 'https://zoom.us/oauth/token' };
}

/** Hosts a Zoom connection may send its credentials to. */
export function zoomAllowedHosts(config: ZoomConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return [...ZOOM_HOSTS];
}
