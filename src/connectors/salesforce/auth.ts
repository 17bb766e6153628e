import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuthError, ConfigError, ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { loginEndpoint, salesforceAllowedHosts, type SalesforceConfig } from './config.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts an assertion whose `exp` is at most 3 minutes ahead (digest §1). */
export const ASSERTION_LIFETIME_S = 170;
/**
 * Salesforce does not say when an access token expires (it follows the org's session timeout, 2 hours by
 * default): the token is kept this long, and a 401 INVALID_SESSION_ID mints a new one at once.
 */
const TOKEN_REUSE_MS = 60 * 60_000;

const TokenSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().url(),
  id: z.string().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
});
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const TokenOrErrorSchema = z.union([TokenSchema, OAuthErrorSchema]);

export function readPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch (error) {
    throw new ConfigError(
      'The Salesforce private key is not a readable RSA private key: paste the whole PEM (with its BEGIN and END lines) of the key whose certificate is uploaded on the connected app (Use digital signatures).',
      { cause: error instanceof Error ? new Error(error.name) : undefined },
    );
  }
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The RS256 JWT bearer assertion: iss = consumer key, sub = username, aud = login host, exp ≤ 3 minutes. */
export function buildAssertion(config: SalesforceConfig, audience: string, key: KeyObject, nowMs: number): string {
  const header = b64url({ alg: 'RS256' });
  const claims = b64url({ iss: config.consumerKey, sub: config.username, aud: audience, exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_S });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`, 'utf8'), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

/** A refused grant in plain words: which prerequisite is missing and where to fix it. */
export function tokenError(error: string, description: string | undefined, config: SalesforceConfig): AuthError {
  const said = `${error}${description ? `: ${description}` : ''}`;
  const prefix = `Salesforce refused the JWT bearer grant (${said})`;
  const opts = { status: 400, providerCode: error };
  const text = (description ?? '').toLowerCase();
  if (text.includes('approved')) {
    return new AuthError(`${prefix}: ${config.username} is not pre-authorised on the connected app. In App Manager → the app → Manage → Edit Policies, set "Admin approved users are pre-authorized", then add the integration user's profile or a permission set of theirs under Manage Profiles / Manage Permission Sets.`, opts);
  }
  if (text.includes('client identifier') || error === 'invalid_client_id' || error === 'invalid_client') {
    return new AuthError(`${prefix}: the Consumer Key is not a connected app of this org's environment. Copy it from App Manager → the app → View → Consumer Key and Secret; sandbox apps need environment sandbox.`, opts);
  }
  if (text.includes('user') && (text.includes('invalid') || text.includes('inactive') || text.includes('not found'))) {
    return new AuthError(`${prefix}: ${config.username} is not an active user of this org. Use the integration user's exact username (Setup → Users).`, opts);
  }
  if (text.includes('signature') || text.includes('assertion') || text.includes('audience') || text.includes('expired')) {
    return new AuthError(`${prefix}: the assertion was rejected. The private key must match the certificate uploaded on the connected app (Edit → Use digital signatures), this machine's clock must be right (the assertion lives 3 minutes), and environment must match where the org lives (production or sandbox).`, opts);
  }
  return new AuthError(`${prefix}. Check the Consumer Key, username and private key in the connector's settings.`, opts);
}

export interface SalesforceAuthOptions {
  config: SalesforceConfig;
  http: HttpClient;
  /** Real time for the assertion's `exp` (Salesforce checks it against its own clock). @default Date.now */
  wallClock?: () => number;
  signal?: AbortSignal | undefined;
}

/** JWT-bearer credentials: mints an access token with the connected app's key, caches it, re-mints after a 401. */
export class SalesforceAuth implements AuthProvider {
  private cached: { token: string; instanceUrl: string; at: number } | null = null;
  private pending: Promise<{ token: string; instanceUrl: string }> | null = null;
  private key: KeyObject | null = null;
  private readonly wallClock: () => number;
  readonly hosts: readonly string[];
  minted = 0;

  constructor(private readonly options: SalesforceAuthOptions) {
    this.wallClock = options.wallClock ?? Date.now;
    this.hosts = salesforceAllowedHosts(options.config);
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${(await this.session()).token}` };
  }

  invalidate(): void {
    this.cached = null;
  }

  /** The token and the org's instance URL (API calls go there). */
  async session(): Promise<{ token: string; instanceUrl: string }> {
    if (this.cached && this.wallClock() - this.cached.at < TOKEN_REUSE_MS) return this.cached;
    this.pending ??= this.mint().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async mint(): Promise<{ token: string; instanceUrl: string }> {
    const { config, http } = this.options;
    this.key ??= readPrivateKey(config.privateKey);
    const login = loginEndpoint(config);
    const assertion = buildAssertion(config, login.audience, this.key, this.wallClock());
    http.redactor.add(assertion);
    const { body, response } = await http.json(
      { operation: 'salesforce.oauth.token', method: 'POST', url: `${login.url}/services/oauth2/token`, form: { grant_type: JWT_BEARER, assertion }, credentials: true, accept: [400, 401] },
      TokenOrErrorSchema,
      this.options.signal,
    );
    if ('access_token' in body && response.status === 200) {
      http.redactor.add(body.access_token);
      this.minted++;
      this.cached = { token: body.access_token, instanceUrl: body.instance_url.replace(/\/$/, ''), at: this.wallClock() };
      return this.cached;
    }
    if ('error' in body) throw tokenError(body.error, body.error_description, config);
    throw new ProviderError(`salesforce.oauth.token: Salesforce answered HTTP ${response.status} without a token or an error code. Try again later.`, { status: response.status });
  }
}
