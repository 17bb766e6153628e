import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache, type CachedToken } from '../sdk/token-cache.js';
import type { GoogleEndpoints, GoogleWorkspaceConfig } from './config.js';
import { DELEGATION_SCOPE_LIST } from './scopes.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google's maximum assertion lifetime. */
const ASSERTION_LIFETIME_S = 3600;
/** Mint a new token this long before the current one expires. */
const REFRESH_MARGIN_MS = 60_000;

const TokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional(), token_type: z.string().optional() });
const TokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export function readPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch (error) {
    throw new ConfigError(
      'The Google service account private key is not a readable RSA private key: paste the whole "private_key" value of the service account\'s JSON key file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.',
      { cause: error instanceof Error ? new Error(error.name) : undefined },
    );
  }
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The RS256 JWT assertion of Google's service-account flow with domain-wide delegation (`sub` = the admin). */
export function buildAssertion(config: GoogleWorkspaceConfig, audience: string, scopes: readonly string[], key: KeyObject, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url({ alg: 'RS256', typ: 'JWT', ...(config.privateKeyId ? { kid: config.privateKeyId } : {}) });
  const claims = b64url({ iss: config.serviceAccountEmail, sub: config.adminEmail, scope: scopes.join(' '), aud: audience, iat, exp: iat + ASSERTION_LIFETIME_S });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`, 'utf8'), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

/** Turns a refused token request into an AuthError that names the missing prerequisite. */
export function tokenError(status: number, error: string, description: string | undefined, config: GoogleWorkspaceConfig): AuthError {
  const said = `${error}${description ? `: ${description}` : ''}`;
  const opts = { status, providerCode: error };
  const prefix = `Google refused the service account's token request (${said})`;
  if (error === 'unauthorized_client') {
    return new AuthError(
      `${prefix}: domain-wide delegation is not set up for this service account, or not for every scope Parapet asks for. In the Admin console open Security > Access and data control > API controls > Manage domain-wide delegation, add the service account's client id and paste these scopes: ${DELEGATION_SCOPE_LIST}`,
      opts,
    );
  }
  if (/signature/i.test(description ?? '') || error === 'invalid_client') {
    return new AuthError(`${prefix}: the private key does not belong to ${config.serviceAccountEmail} (or the key was deleted). Create a new JSON key for the service account in Google Cloud console > IAM > Service accounts > Keys and paste its private_key.`, opts);
  }
  if (/email|user/i.test(description ?? '')) {
    return new AuthError(`${prefix}: ${config.adminEmail} is not a user of the Google Workspace domain. Set adminEmail to a super administrator of the domain.`, opts);
  }
  return new AuthError(`${prefix}. Check that this machine's clock is right (the assertion is valid for one hour) and that the service account e-mail, private key and admin e-mail belong together.`, opts);
}

/**
 * Access tokens for one set of scopes, minted from a signed assertion and cached until a minute before they
 * expire. A 401 from an API invalidates the cache, so a token that dies mid-stream is replaced once.
 */
export class GoogleAuth implements AuthProvider {
  private readonly cache = new TokenCache(() => this.mint(), () => this.now(), REFRESH_MARGIN_MS);
  private key: KeyObject | null = null;

  constructor(
    private readonly options: {
      config: GoogleWorkspaceConfig;
      endpoints: GoogleEndpoints;
      http: HttpClient;
      scopes: readonly string[];
      signal?: AbortSignal | undefined;
      wallClock?: () => number;
    },
  ) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.accessToken()}` };
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  accessToken(): Promise<string> {
    return this.cache.token();
  }

  private now(): number {
    return (this.options.wallClock ?? Date.now)();
  }

  private async mint(): Promise<CachedToken> {
    const { config, endpoints, http, scopes } = this.options;
    this.key ??= readPrivateKey(config.privateKey);
    const now = this.now();
    const assertion = buildAssertion(config, endpoints.token, scopes, this.key, now);
    http.redactor.add(assertion);
    const response = await http.request(
      { operation: 'google.oauth.token', method: 'POST', url: endpoints.token, form: { grant_type: JWT_BEARER, assertion }, credentials: true, accept: [400, 401, 403] },
      this.options.signal,
    );
    let body: unknown = null;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = null;
    }
    if (response.status >= 400) {
      const parsed = TokenErrorSchema.safeParse(body);
      throw tokenError(response.status, parsed.success ? parsed.data.error : `HTTP ${response.status}`, parsed.success ? parsed.data.error_description : undefined, config);
    }
    const parsed = TokenResponseSchema.safeParse(body);
    if (!parsed.success) throw new AuthError(`google.oauth.token: Google's token endpoint answered without an access token (HTTP ${response.status}). Try again; if it persists, check ${endpoints.token} is reachable.`);
    http.redactor.add(parsed.data.access_token);
    return { token: parsed.data.access_token, expiresAt: now + (parsed.data.expires_in ?? 3600) * 1000 };
  }
}
