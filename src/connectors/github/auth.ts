import { createPrivateKey, sign } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AuthError, ConfigError, ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import { mapGithubError } from './http-policy.js';
import { githubAllowedHosts, GITHUB_API_VERSION, type GithubConfig, type GithubEndpoints } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

/** GitHub refuses app JWTs that live longer than 10 minutes; `iat` is back-dated for clock drift, as GitHub advises. */
const JWT_LIFETIME_S = 540;
const JWT_BACKDATE_S = 60;
/** Installation tokens live one hour; mint a new one this long before that. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** A difference between GitHub's clock and ours below this is not worth re-signing for (`iat` is back-dated 60 s). */
const CLOCK_SKEW_TOLERANCE_MS = 30_000;

/** The RS256 JWT a GitHub App signs to prove it is the app: `iss` = app id, at most 10 minutes long. */
export function appJwt(input: { appId: string; privateKeyPem: string; now: number }): string {
  const iat = Math.floor(input.now / 1000) - JWT_BACKDATE_S;
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = { iat, exp: iat + JWT_BACKDATE_S + JWT_LIFETIME_S, iss: input.appId };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  let key;
  try {
    key = createPrivateKey(input.privateKeyPem);
  } catch (error) {
    throw new ConfigError('GitHub: the App private key could not be read. Paste the .pem file generated under the App\'s settings → Private keys (-----BEGIN RSA PRIVATE KEY----- ...).', { cause: error });
  }
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url')}`;
}

const InstallationTokenSchema = z.object({
  token: z.string().min(1),
  expires_at: z.string(),
  permissions: z.record(z.string(), z.string()).optional(),
});

export interface InstallationToken {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
  /** What the installation was granted, e.g. `{ members: 'read', organization_administration: 'read' }`. */
  permissions: Record<string, string>;
}

/** The headers GitHub asks every REST call to carry. */
export const GITHUB_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION } as const;

/**
 * Credentials of one connection: an App installation token (minted from the app JWT, cached, renewed
 * before its hour ends and when GitHub refuses it) or a fine-grained personal access token.
 */
export class GithubAuth implements AuthProvider {
  readonly hosts: readonly string[];
  private cached: InstallationToken | null = null;
  private pending: Promise<InstallationToken> | null = null;
  /** GitHub's clock minus ours, learnt from a refused JWT's `Date` header. */
  private skewMs = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly config: GithubConfig,
    private readonly endpoints: GithubEndpoints,
    private readonly clock: Clock,
  ) {
    this.hosts = githubAllowedHosts(config);
  }

  get kind(): 'app' | 'token' {
    return this.config.token !== undefined ? 'token' : 'app';
  }

  async headers(): Promise<Record<string, string>> {
    if (this.config.token !== undefined) return { authorization: `Bearer ${this.config.token}` };
    return { authorization: `Bearer ${(await this.installationToken()).value}` };
  }

  invalidate(): void {
    this.cached = null;
  }

  /** The installation token (App connections only). */
  async installationToken(): Promise<InstallationToken> {
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now()) return this.cached;
    this.pending ??= this.mint().finally(() => (this.pending = null));
    return this.pending;
  }

  private async mint(): Promise<InstallationToken> {
    const { appId, installationId, privateKey } = this.config;
    if (appId === undefined || installationId === undefined || privateKey === undefined) {
      throw new ConfigError('GitHub: the connection has neither a token nor a complete App (appId, installationId, privateKey). Reconnect with one of them.');
    }
    const send = async (skewMs: number) => {
      const jwt = appJwt({ appId, privateKeyPem: privateKey, now: this.clock.now() + skewMs });
      this.http.redactor.add(jwt);
      return this.http.json(
        {
          operation: 'github.app.installation-token',
          method: 'POST',
          url: `${this.endpoints.rest}/app/installations/${installationId}/access_tokens`,
          headers: { ...GITHUB_HEADERS, authorization: `Bearer ${jwt}` },
          credentials: true,
          accept: [401],
        },
        z.unknown(),
      );
    };
    let answer = await send(this.skewMs);
    if (answer.response.status === 401) {
      // GitHub checks `iat`/`exp` on its own clock: a machine whose clock drifts gets "'exp' must be … in the
      // future". Sign once more on GitHub's clock (its Date header) before calling the credentials wrong.
      const serverNow = dateHeaderTime(answer.response);
      if (serverNow !== null && Math.abs(serverNow - this.clock.now() - this.skewMs) > CLOCK_SKEW_TOLERANCE_MS) {
        this.skewMs = serverNow - this.clock.now();
        answer = await send(this.skewMs);
      }
    }
    if (answer.response.status === 401) throw mapGithubError(answer.response, 'github.app.installation-token') ?? new AuthError('github.app.installation-token: GitHub refused the App credentials (HTTP 401).');
    const parsed = InstallationTokenSchema.safeParse(answer.body);
    if (!parsed.success) throw new ProviderError(`github.app.installation-token: GitHub's answer has no token (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}).`);
    const body = parsed.data;
    this.http.redactor.add(body.token);
    // `expires_at` is on GitHub's clock.
    const expiresAt = Date.parse(body.expires_at) - this.skewMs;
    const token = { value: body.token, expiresAt: Number.isNaN(expiresAt) ? this.clock.now() + 3_600_000 : expiresAt, permissions: body.permissions ?? {} };
    this.cached = token;
    return token;
  }
}
