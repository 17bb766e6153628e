import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

/** Dropbox's RPC host: every team, team_log and token call goes there. */
export const DROPBOX_HOSTS = ['api.dropboxapi.com'] as const;

/** `team_log/get_events` and `members/list_v2` serve at most 1,000 entries per call. */
export const DROPBOX_MAX_LIMIT = 1000;

/** What `parapet connect dropbox` asks for. The app secret and the refresh token are secrets: encrypted at rest, never shown. */
export const DropboxConfigSchema = z
  .object({
    /** `production` (api.dropboxapi.com) or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['production', 'simulator']).default('production'),
    /** App key of the team-scoped app (App Console → Settings). */
    appKey: z.string().trim().regex(/^[a-z0-9]{8,32}$/, 'must be the app key from the Dropbox App Console (Settings tab), lower-case letters and digits'),
    /** App secret of the same app. */
    appSecret: z.string().trim().regex(/^[a-z0-9]{8,32}$/, 'must be the app secret from the Dropbox App Console (Settings tab, "Show")'),
    /**
     * Refresh token from the offline authorisation of a team admin (`token_access_type=offline`). Parapet
     * trades it for short-lived access tokens (4 hours) as it needs them.
     */
    refreshToken: z.string().trim().min(20, 'must be the refresh token Dropbox returned for token_access_type=offline (a long opaque string)'),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
    /**
     * Read only these team log categories (`logins`, `members`, `sharing`, `file_operations`, …), each with its
     * own cursor; e.g. leave out `file_operations` on a very large team. @default every category, one cursor
     */
    categories: z.array(z.string().regex(/^[a-z_]{2,40}$/, 'must be a team log category such as logins, members, sharing or file_operations')).min(1).optional(),
    /** Team events per `get_events` call (Dropbox allows 1..1000). @default 1000 */
    pageSize: z.number().int().min(1).max(DROPBOX_MAX_LIMIT).default(DROPBOX_MAX_LIMIT),
  })
  .superRefine((config, ctx) => {
    checkSimulatorUrl(config, ctx);
  });

export type DropboxConfig = z.infer<typeof DropboxConfigSchema>;
export type DropboxConfigInput = z.input<typeof DropboxConfigSchema>;

/** The RPC base (`…/2`) and the token endpoint. */
export interface DropboxEndpoints {
  rpc: string;
  token: string;
}

export function dropboxEndpoints(config: DropboxConfig): DropboxEndpoints {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { rpc: `${sim}/2`, token: `${sim}/oauth2/token` };
  }
  return { rpc: 'https://api.dropboxapi.com/2', token: 'https://api.dropboxapi.com/oauth2/token' };
}

/** Hosts a Dropbox connection may send its secrets and tokens to. */
export function dropboxAllowedHosts(config: DropboxConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return [...DROPBOX_HOSTS];
}
