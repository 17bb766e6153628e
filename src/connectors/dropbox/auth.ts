import { AuthError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache } from '../sdk/token-cache.js';
import { dropboxAllowedHosts, type DropboxConfig, type DropboxEndpoints } from './config.js';

/**
 * Scopes the team app needs (App Console → Permissions): the team log, members, groups, linked apps and
 * devices (read), and members.write / sessions.modify for the governance actions.
 */
export const DROPBOX_SCOPES = ['team_info.read', 'events.read', 'members.read', 'members.write', 'groups.read', 'sessions.list', 'sessions.modify'] as const;

/** Access tokens are renewed this long before Dropbox's `expires_in` (14,400 s) runs out. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Plain words for the token endpoint's refusals. */
function tokenError(error: string, description: string): AuthError {
  const said = `Dropbox refused to refresh the access token (${error}${description ? `: ${description}` : ''})`;
  if (error === 'invalid_grant')
    return new AuthError(`${said}. The refresh token was revoked or belongs to another app: authorise the app again as a team admin with token_access_type=offline and paste the new refresh token.`, { status: 400, providerCode: error });
  if (error.startsWith('invalid_client') || error === 'unauthorized_client')
    return new AuthError(`${said}. Check the app key and app secret (App Console → Settings) belong to the team app the refresh token was issued to.`, { status: 400, providerCode: error });
  return new AuthError(`${said}. Check the app is a team-scoped app with the scopes ${DROPBOX_SCOPES.join(', ')}.`, { status: 400, providerCode: error });
}

/**
 * OAuth 2 refresh-token grant: Dropbox's access tokens live four hours; this mints one from the refresh
 * token when none is cached, when it is about to expire, and after a 401 (`expired_access_token`).
 */
export class RefreshTokenAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private readonly cache: TokenCache;

  constructor(
    private readonly config: DropboxConfig,
    private readonly endpoints: DropboxEndpoints,
    private readonly http: HttpClient,
    now: () => number,
    private readonly signal?: AbortSignal,
  ) {
    this.hosts = dropboxAllowedHosts(config);
    // Dropbox's access tokens live 4 hours when the answer does not say.
    this.cache = new TokenCache(async () => {
      const { token, expiresInSeconds } = await this.mint();
      return { token, expiresAt: now() + (expiresInSeconds ?? 14_400) * 1000 };
    }, now, EXPIRY_MARGIN_MS);
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.cache.token()}` };
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  private async mint(): Promise<{ token: string; expiresInSeconds: number | null }> {
    const { body, response } = await this.http.json<Record<string, unknown>>(
      {
        operation: 'dropbox.oauth2.token',
        method: 'POST',
        url: this.endpoints.token,
        credentials: true,
        accept: [400, 401],
        form: { grant_type: 'refresh_token', refresh_token: this.config.refreshToken, client_id: this.config.appKey, client_secret: this.config.appSecret },
      },
      undefined,
      this.signal,
    );
    if (response.status !== 200 || typeof body?.access_token !== 'string') throw tokenError(String(body?.error ?? 'invalid_response'), String(body?.error_description ?? ''));
    this.http.redactor.add(body.access_token);
    const expiresIn = Number(body.expires_in);
    return { token: body.access_token, expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : null };
  }
}
