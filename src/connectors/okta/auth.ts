import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache, type CachedToken } from '../sdk/token-cache.js';
import { oktaAllowedHosts, orgBase, type OktaConfig } from './config.js';

/**
 * Scopes the service app asks for (grant them on its "Okta API Scopes" tab): read the log, users, groups,
 * roles, policies and apps; `okta.users.manage` for suspend / unsuspend, clearing sessions, resetting factors.
 */
export const OKTA_SCOPES = ['okta.logs.read', 'okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.policies.read', 'okta.apps.read'] as const;

/** Tokens are renewed this long before Okta's `expires_in` runs out. */
const EXPIRY_MARGIN_MS = 60_000;

/** `Authorization: SSWS <token>`: acts with the rights of the admin who created the token. */
export class SswsAuth implements AuthProvider {
  readonly hosts: readonly string[];
  constructor(private readonly token: string, config: OktaConfig) {
    this.hosts = oktaAllowedHosts(config);
  }
  async headers(): Promise<Record<string, string>> {
    return { authorization: `SSWS ${this.token}` };
  }
  invalidate(): void {
    // An API token cannot be renewed: a 401 after this is the answer.
  }
}

/** The client assertion of Okta's private_key_jwt (RS256; iss = sub = client id; aud = the token endpoint; 5 minutes). */
export function clientAssertion(clientId: string, audience: string, key: KeyObject, nowMs: number, keyId?: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const header = b64({ alg: 'RS256', typ: 'JWT', ...(keyId ? { kid: keyId } : {}) });
  const claims = b64({ iss: clientId, sub: clientId, aud: audience, iat, exp: iat + 300, jti: randomUUID() });
  return `${header}.${claims}.${sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key).toString('base64url')}`;
}

/** Plain words for the token endpoint's `error` codes. */
function tokenError(error: string, description: string, config: OktaConfig): AuthError {
  const said = `Okta refused the service app's token request (${error}: ${description})`;
  if (error === 'invalid_client')
    return new AuthError(`${said}. Check that client id ${config.clientId ?? '?'} is an API Services app of ${orgBase(config)} whose client authentication is "Public key / Private key", and that the private key in this connection belongs to a public key registered on it${config.keyId ? ` (kid ${config.keyId})` : ''}.`, { status: 401, providerCode: error });
  if (error === 'invalid_scope')
    return new AuthError(`${said}. In the Admin Console, open the app → Okta API Scopes and grant ${OKTA_SCOPES.join(', ')}; also give the app an admin role (Admin roles tab: Read-only Administrator for reading, plus Help Desk or Group Administrator for the actions).`, { status: 400, providerCode: error });
  return new AuthError(`${said}. Check the app's grant type is Client Credentials.`, { status: 400, providerCode: error });
}

/** OAuth 2.0 client credentials with a signed client assertion, against the org authorization server. */
export class PrivateKeyJwtAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private readonly key: KeyObject;
  private readonly cache: TokenCache;

  constructor(
    private readonly config: OktaConfig,
    private readonly http: HttpClient,
    private readonly now: () => number,
    private readonly signal?: AbortSignal,
  ) {
    this.hosts = oktaAllowedHosts(config);
    try {
      this.key = createPrivateKey(config.privateKey ?? '');
    } catch {
      throw new ConfigError('Okta: the private key could not be read. Paste the whole PEM (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----) of the key pair whose public key is on the service app.');
    }
    this.cache = new TokenCache(() => this.mint(), now, EXPIRY_MARGIN_MS);
  }

  get tokenUrl(): string {
    return `${orgBase(this.config)}/oauth2/v1/token`;
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
    const { body, response } = await this.http.json<Record<string, unknown>>(
      {
        operation: 'okta.oauth.token',
        method: 'POST',
        url: this.tokenUrl,
        credentials: true,
        accept: [400, 401],
        form: {
          grant_type: 'client_credentials',
          scope: OKTA_SCOPES.join(' '),
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: clientAssertion(this.config.clientId ?? '', this.tokenUrl, this.key, Date.now(), this.config.keyId),
        },
      },
      undefined,
      this.signal,
    );
    if (response.status !== 200 || typeof body.access_token !== 'string') throw tokenError(String(body.error ?? 'invalid_response'), String(body.error_description ?? 'no access token in the answer'), this.config);
    this.http.redactor.add(body.access_token);
    const expiresIn = Number(body.expires_in);
    return { token: body.access_token, expiresAt: this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 };
  }
}

export function createAuth(config: OktaConfig, http: HttpClient, now: () => number, signal?: AbortSignal): AuthProvider {
  if (config.authMethod === 'api-token') {
    http.redactor.add(config.apiToken ?? '');
    return new SswsAuth(config.apiToken ?? '', config);
  }
  return new PrivateKeyJwtAuth(config, http, now, signal);
}
