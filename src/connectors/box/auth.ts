import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache } from '../sdk/token-cache.js';
import { apiOrigin, boxAllowedHosts, type BoxConfig } from './config.js';

/** App scopes (Developer Console → Configuration → Application Scopes) Parapet needs. */
export const BOX_SCOPES = ['Manage enterprise properties', 'Manage users', 'Manage groups', 'Read all files and folders stored in Box'] as const;

/** Box refuses a JWT assertion whose `exp` is more than 60 seconds ahead. */
const ASSERTION_LIFETIME_S = 45;

/** The JWT assertion Box's JWT grant expects (RS256; iss = client id, sub = enterprise id, box_sub_type enterprise). */
export function boxAssertion(config: BoxConfig, audience: string, key: KeyObject, nowMs: number): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const header = b64({ alg: 'RS256', typ: 'JWT', kid: config.publicKeyId ?? '' });
  const exp = Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_S;
  const claims = b64({ iss: config.clientId, sub: config.enterpriseId, box_sub_type: 'enterprise', aud: audience, jti: randomUUID(), exp });
  return `${header}.${claims}.${sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key).toString('base64url')}`;
}

/** Plain words for the token endpoint's `error` codes. */
function tokenError(error: string, description: string, config: BoxConfig): AuthError {
  const said = `Box refused the app's token request (${error}: ${description})`;
  const opts = { status: 400, providerCode: error };
  if (error === 'invalid_client')
    return new AuthError(`${said}. Check the Client ID and Client Secret (Developer Console → the app → Configuration → OAuth 2.0 Credentials) and that the app uses Server Authentication (${config.authMethod === 'jwt' ? 'with JWT' : 'Client Credentials Grant'}).`, opts);
  if (error === 'unauthorized_client' || /not been authorized|authorized/i.test(description))
    return new AuthError(`${said}. A Box admin must authorise the app for enterprise ${config.enterpriseId}: Admin Console → Integrations → Platform Apps Manager → Add Platform App, with the app's Client ID; then re-authorise it after every scope change.`, opts);
  if (error === 'invalid_grant')
    return new AuthError(
      config.authMethod === 'jwt'
        ? `${said}. Check that the public key with id ${config.publicKeyId ?? '?'} is still on the app and matches this private key, that enterprise ${config.enterpriseId} is the app's enterprise, and that this machine's clock is right (the assertion lives 45 seconds).`
        : `${said}. Check that enterprise ${config.enterpriseId} is the app's own enterprise and that the app's access level is "App + Enterprise Access".`,
      opts,
    );
  return new AuthError(`${said}. Check the app's authentication method in the Developer Console.`, opts);
}

/** Client Credentials Grant or JWT grant, for the app's Service Account in the enterprise. Tokens are cached. */
export class BoxAppAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private readonly key: KeyObject | null = null;
  private readonly cache: TokenCache;

  constructor(
    private readonly config: BoxConfig,
    private readonly http: HttpClient,
    now: () => number,
    private readonly signal?: AbortSignal,
  ) {
    this.hosts = boxAllowedHosts(config);
    this.cache = new TokenCache(async () => {
      const { token, expiresInSeconds } = await this.mint();
      return { token, expiresAt: now() + expiresInSeconds * 1000 };
    }, now);
    if (config.authMethod === 'jwt') {
      try {
        this.key = createPrivateKey(config.privateKey ?? '');
      } catch {
        throw new ConfigError('Box: the private key could not be read. Paste the whole unencrypted PEM (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----); a key from Box\'s generated config.json is encrypted: decrypt it with its passphrase first.');
      }
    }
  }

  get tokenUrl(): string {
    return `${apiOrigin(this.config)}/oauth2/token`;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  /** The cached token, renewed a minute before Box's `expires_in` (3600 s) runs out. */
  token(): Promise<string> {
    return this.cache.token();
  }

  private form(): Record<string, string> {
    const { clientId, clientSecret, enterpriseId } = this.config;
    if (this.key) {
      return { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: boxAssertion(this.config, this.tokenUrl, this.key, Date.now()), client_id: clientId, client_secret: clientSecret };
    }
    return { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, box_subject_type: 'enterprise', box_subject_id: enterpriseId };
  }

  private async mint(): Promise<{ token: string; expiresInSeconds: number }> {
    const { body, response } = await this.http.json<Record<string, unknown>>(
      { operation: 'box.oauth.token', method: 'POST', url: this.tokenUrl, credentials: true, accept: [400, 401], form: this.form() },
      undefined,
      this.signal,
    );
    if (response.status !== 200 || typeof body.access_token !== 'string') throw tokenError(String(body.error ?? 'invalid_response'), String(body.error_description ?? 'no access token in the answer'), this.config);
    this.http.redactor.add(body.access_token);
    const expiresIn = Number(body.expires_in);
    return { token: body.access_token, expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : 3600 };
  }
}
