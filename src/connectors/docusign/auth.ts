import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { AuthError, ConfigError, ProviderError } from '../../core/errors.js';
import { z } from 'zod';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { TokenCache, type CachedToken } from '../sdk/token-cache.js';
import type { DocusignConfig, DocusignEndpoints } from './config.js';
import { docusignHostsForAudience } from './hosts.js';

/**
 * Scopes Parapet puts in the JWT: `signature` (eSignature settings), `impersonation` (JWT user grant and
 * Monitor), `organization_read` (find the organisation and its accounts), `user_read` (users and their
 * admin / two-step flags), `user_write` (the suspend / unsuspend actions), `account_read` (organisation
 * account data for posture). Consent must cover every one of them.
 */
export const DOCUSIGN_SCOPES = ['signature', 'impersonation', 'organization_read', 'user_read', 'user_write', 'account_read'] as const;

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** DocuSign's maximum assertion lifetime. */
const ASSERTION_LIFETIME_S = 3600;
/** Mint a new token this long before the current one expires. */
const REFRESH_MARGIN_MS = 60_000;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const TokenOrErrorSchema = z.union([TokenResponseSchema, OAuthErrorSchema]);

/** The browser URL an impersonated user (or an org admin, for the whole organisation) opens once to consent. */
export function consentUrl(config: DocusignConfig, endpoints: DocusignEndpoints, redirectUri = '<a redirect URI registered on the integration key>'): string {
  const scope = DOCUSIGN_SCOPES.join('%20');
  const redirect = redirectUri.startsWith('<') ? redirectUri : encodeURIComponent(redirectUri);
  return `${endpoints.oauth}/oauth/auth?response_type=code&scope=${scope}&client_id=${config.integrationKey}&redirect_uri=${redirect}`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Reads the PEM once; the message never repeats any of the key. */
export function readPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType ?? 'non-RSA'} key`);
    return key;
  } catch (error) {
    throw new ConfigError(
      'The DocuSign private key is not a readable RSA private key: paste the whole PEM generated for the integration key in Apps and Keys, including its -----BEGIN RSA PRIVATE KEY----- and -----END RSA PRIVATE KEY----- lines.',
      { cause: error instanceof Error ? new Error(error.name) : undefined },
    );
  }
}

/**
 * How far in the past an assertion is issued: DocuSign refuses one issued in the future by its clock, so a
 * machine whose clock runs up to a few minutes ahead still gets a token (the lifetime stays one hour).
 */
export const ASSERTION_BACKDATE_S = 6 * 60;

/** The signed JWT assertion of digest §1.2 (RS256), issued {@link ASSERTION_BACKDATE_S} in the past. */
export function buildAssertion(config: DocusignConfig, audience: string, key: KeyObject, nowMs: number, scopes: readonly string[] = DOCUSIGN_SCOPES): string {
  const iat = Math.floor(nowMs / 1000) - ASSERTION_BACKDATE_S;
  const header = b64url({ alg: 'RS256', typ: 'JWT' });
  const claims = b64url({ iss: config.integrationKey, sub: config.userId, aud: audience, iat, exp: iat + ASSERTION_LIFETIME_S, scope: scopes.join(' ') });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`, 'utf8'), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

/** Turns a refused grant into an AuthError that says which prerequisite is missing and how to fix it. */
export function tokenError(error: string, description: string | undefined, config: DocusignConfig, endpoints: DocusignEndpoints): AuthError {
  const env = config.environment === 'production' ? 'production (account.docusign.com)' : config.environment === 'demo' ? 'demo (account-d.docusign.com)' : 'simulator';
  const opts = { status: 400, providerCode: description ? `${error}:${description}` : error };
  const prefix = 'DocuSign refused the JWT grant';
  if (error === 'consent_required') {
    return new AuthError(
      `${prefix} (consent_required): user ${config.userId} has not consented to integration key ${config.integrationKey} for the scopes ${DOCUSIGN_SCOPES.join(' ')}. Sign in as that user and open ${consentUrl(config, endpoints)} once (or have an organisation administrator grant admin consent for the organisation), then test again.`,
      opts,
    );
  }
  switch (description) {
    case 'no_valid_keys_or_signatures':
      return new AuthError(
        `${prefix} (no_valid_keys_or_signatures): the private key does not match any RSA public key of integration key ${config.integrationKey}. In Apps and Keys, check the RSA keypairs under that integration key and paste the private key that belongs to one of them (or generate a new keypair).`,
        opts,
      );
    case 'user_not_found':
      return new AuthError(
        `${prefix} (user_not_found): ${config.userId} is not a user id in the DocuSign ${env} environment. Use the "API Username" (User ID GUID, not the e-mail) shown in Apps and Keys of the same environment; demo and production users are different.`,
        opts,
      );
    case 'issuer_not_found':
      return new AuthError(
        `${prefix} (issuer_not_found): integration key ${config.integrationKey} is not known in the DocuSign ${env} environment. Check the key in Apps and Keys; a key created in the demo environment must be promoted (Go-Live) before it works in production.`,
        opts,
      );
    default:
      break;
  }
  if (error === 'invalid_request' || error === 'invalid_grant') {
    return new AuthError(
      `${prefix} (${error}${description ? `: ${description}` : ''}): the assertion was rejected. Check that this machine's clock is correct (the assertion is valid for one hour from now), and that --environment matches where the integration key lives (${env}).`,
      opts,
    );
  }
  return new AuthError(`${prefix} (${error}${description ? `: ${description}` : ''}). Check the integration key, user id and private key in the connector's settings.`, opts);
}

export interface DocusignAuthOptions {
  config: DocusignConfig;
  endpoints: DocusignEndpoints;
  http: HttpClient;
  /**
   * The real time, for JWT `iat`/`exp` and token expiry: DocuSign checks them against its own clock, so an
   * injected (frozen or accelerated) clock must not be used here. @default Date.now
   */
  wallClock?: () => number;
  signal?: AbortSignal | undefined;
}

/**
 * JWT-grant credentials for the shared HTTP client: mints a token with the integration key's RSA key,
 * caches it, mints a new one a minute before it expires or when DocuSign refuses it (401).
 */
export class DocusignAuth implements AuthProvider {
  private readonly cache: TokenCache;
  private key: KeyObject | null = null;
  private readonly wallClock: () => number;
  readonly hosts: readonly string[];
  /** Tokens minted so far (tests assert a refused token leads to a fresh one). */
  minted = 0;

  constructor(private readonly options: DocusignAuthOptions) {
    this.wallClock = options.wallClock ?? Date.now;
    this.cache = new TokenCache(() => this.mint(), this.wallClock, REFRESH_MARGIN_MS);
    this.hosts = docusignHostsForAudience(options.endpoints.audience);
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.accessToken()}` };
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  accessToken(): Promise<string> {
    return this.cache.token();
  }

  private async mint(): Promise<CachedToken> {
    const { config, endpoints, http } = this.options;
    this.key ??= readPrivateKey(config.privateKey);
    const now = this.wallClock();
    const assertion = buildAssertion(config, endpoints.audience, this.key, now);
    http.redactor.add(assertion);
    const { body, response } = await http.json(
      {
        operation: 'docusign.oauth.token',
        method: 'POST',
        url: `${endpoints.oauth}/oauth/token`,
        form: { grant_type: JWT_BEARER, assertion },
        credentials: true,
        accept: [400, 401],
      },
      TokenOrErrorSchema,
      this.options.signal,
    );
    if ('access_token' in body && response.status === 200) {
      http.redactor.add(body.access_token);
      this.minted++;
      return { token: body.access_token, expiresAt: now + (body.expires_in ?? 3600) * 1000 };
    }
    if ('error' in body) {
      const error = tokenError(body.error, body.error_description, config, endpoints);
      const skew = clockSkewHint(now, response.headers.date);
      if (skew && (body.error === 'invalid_grant' || body.error === 'invalid_request')) error.message += ` ${skew}`;
      throw error;
    }
    throw new ProviderError(`docusign.oauth.token: DocuSign answered HTTP ${response.status} without a token or an error code. Try again later.`, { status: response.status });
  }
}

/** A sentence naming the clock when this machine's and DocuSign's (its Date header) differ by more than 2 minutes. */
export function clockSkewHint(localNow: number, dateHeader: string | undefined): string | null {
  const theirs = Date.parse(dateHeader ?? '');
  if (Number.isNaN(theirs)) return null;
  const skew = localNow - theirs;
  if (Math.abs(skew) <= 2 * 60_000) return null;
  const minutes = Math.round(Math.abs(skew) / 60_000);
  return `This machine's clock is about ${minutes} minute(s) ${skew > 0 ? 'ahead of' : 'behind'} DocuSign's (its answer was dated ${new Date(theirs).toISOString()}): set the clock right (NTP) and test again.`;
}
