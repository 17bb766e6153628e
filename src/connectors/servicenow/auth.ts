import { AuthError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache, type CachedToken } from '../sdk/token-cache.js';
import { instanceBase, serviceNowAllowedHosts, type ServiceNowConfig } from './config.js';

/** Tokens are renewed this long before ServiceNow's `expires_in` (1799 s by default) runs out. */
const EXPIRY_MARGIN_MS = 60_000;

/** `Authorization: Basic …` of the integration user: every call acts with that user's roles and ACLs. */
export class BasicAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private readonly value: string;
  constructor(config: ServiceNowConfig, http: HttpClient) {
    this.hosts = serviceNowAllowedHosts(config);
    this.value = Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64');
    http.redactor.add(this.value);
  }
  async headers(): Promise<Record<string, string>> {
    return { authorization: `Basic ${this.value}` };
  }
  invalidate(): void {
    // A password cannot be renewed: a second 401 is the answer.
  }
}

/** The OAuth token endpoint's refusal, in plain words (ServiceNow answers 401 `{"error":"server_error","error_description":"access_denied"}`). */
function tokenError(status: number, error: string, description: string, config: ServiceNowConfig): AuthError {
  const said = `ServiceNow refused the OAuth token request at ${instanceBase(config)}/oauth_token.do (HTTP ${status} ${error}: ${description})`;
  const who = config.authMethod === 'oauth-password' ? `, and that user ${config.username ?? '?'} and its password are right (the user must be active and not locked out)` : '';
  return new AuthError(
    `${said}. Check that client id ${config.clientId ?? '?'} is an "OAuth API endpoint for external clients" in System OAuth → Application Registry, that it is active and its client secret is the one in this connection${who}.${config.authMethod === 'oauth-client-credentials' ? ' The client-credentials grant also needs glide.oauth.inbound.client.credential.grant_type.enabled = true and an OAuth Application User on the registry entry.' : ''}`,
    { status, providerCode: error },
  );
}

/** OAuth 2.0 against `/oauth_token.do`: the password grant or client credentials, token cached until it nears expiry. */
export class OAuthTokenAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private readonly cache: TokenCache;

  constructor(
    private readonly config: ServiceNowConfig,
    private readonly http: HttpClient,
    private readonly now: () => number,
    private readonly signal?: AbortSignal,
  ) {
    this.hosts = serviceNowAllowedHosts(config);
    this.cache = new TokenCache(() => this.mint(), now, EXPIRY_MARGIN_MS);
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  token(): Promise<string> {
    return this.cache.token();
  }

  private async mint(): Promise<CachedToken> {
    const form: Record<string, string> = { client_id: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '' };
    if (this.config.authMethod === 'oauth-password') Object.assign(form, { grant_type: 'password', username: this.config.username ?? '', password: this.config.password ?? '' });
    else form.grant_type = 'client_credentials';
    const { body, response } = await this.http.json<Record<string, unknown>>(
      { operation: 'servicenow.oauth.token', method: 'POST', url: `${instanceBase(this.config)}/oauth_token.do`, credentials: true, accept: [400, 401], form },
      undefined,
      this.signal,
    );
    if (response.status !== 200 || typeof body.access_token !== 'string') throw tokenError(response.status, String(body.error ?? 'invalid_response'), String(body.error_description ?? 'no access token in the answer'), this.config);
    this.http.redactor.add(body.access_token);
    if (typeof body.refresh_token === 'string') this.http.redactor.add(body.refresh_token);
    const expiresIn = Number(body.expires_in);
    return { token: body.access_token, expiresAt: this.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 1799) * 1000 };
  }
}

export function createAuth(config: ServiceNowConfig, http: HttpClient, now: () => number, signal?: AbortSignal): AuthProvider {
  return config.authMethod === 'basic' ? new BasicAuth(config, http) : new OAuthTokenAuth(config, http, now, signal);
}
