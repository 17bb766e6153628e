import { X509Certificate, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import type { M365Endpoints, Microsoft365Config } from './config.js';

/** The two APIs the connector gets app-only tokens for. */
export type M365Resource = 'graph' | 'manage';

export interface AccessToken {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Application permissions in the token (`roles` claim); empty when none were consented. */
  roles: string[];
  /** `tid` claim. */
  tenantId: string | null;
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  // The v2 endpoint writes numbers; v1 writes strings.
  expires_in: z.union([z.number(), z.string()]),
});

/** Refresh this long before expiry (Microsoft suggests refreshing well inside the hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Reads the claims of an access token without verifying it (the token came to us over TLS from Entra). */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The SHA-1 thumbprint (hex) of the certificate in a PEM that holds one. */
export function certificateThumbprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.replace(/:/g, '');
  } catch (error) {
    throw new ConfigError('Microsoft 365: no certificate could be read from the PEM to compute its thumbprint. Give the thumbprint shown under Certificates & secrets (--thumbprint).', { cause: error });
  }
}

/**
 * The RS256 client assertion Entra accepts instead of a secret: `x5t` = base64url of the certificate's SHA-1
 * thumbprint, `aud` = the token endpoint, `iss` = `sub` = the client id, valid for 10 minutes.
 */
export function clientAssertion(input: { clientId: string; audience: string; privateKeyPem: string; thumbprintHex: string; now: number }): string {
  const header = { alg: 'RS256', typ: 'JWT', x5t: Buffer.from(input.thumbprintHex, 'hex').toString('base64url') };
  const iat = Math.floor(input.now / 1000);
  const payload = { aud: input.audience, iss: input.clientId, sub: input.clientId, jti: randomUUID(), nbf: iat, iat, exp: iat + 600 };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  let key;
  try {
    key = createPrivateKey(input.privateKeyPem);
  } catch (error) {
    throw new ConfigError('Microsoft 365: the certificate private key could not be read. Paste the PEM private key of the certificate uploaded to the app registration (-----BEGIN PRIVATE KEY----- ...).', { cause: error });
  }
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * Client-credentials tokens for Graph and the Management API, cached per resource and refreshed before
 * they expire. Concurrent callers share one token request.
 */
export class M365TokenProvider {
  private readonly cache = new Map<M365Resource, AccessToken>();
  private readonly pending = new Map<M365Resource, Promise<AccessToken>>();

  constructor(
    private readonly http: HttpClient,
    private readonly config: Microsoft365Config,
    private readonly endpoints: M365Endpoints,
    private readonly clock: Clock,
  ) {}

  async token(resource: M365Resource): Promise<AccessToken> {
    const cached = this.cache.get(resource);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now()) return cached;
    const inFlight = this.pending.get(resource);
    if (inFlight) return inFlight;
    const request = this.request(resource).finally(() => this.pending.delete(resource));
    this.pending.set(resource, request);
    return request;
  }

  /** The AuthProvider the HTTP client uses for one API: it re-mints the token when told it was refused. */
  auth(resource: M365Resource): AuthProvider {
    return {
      headers: async () => ({ authorization: `Bearer ${(await this.token(resource)).value}` }),
      invalidate: () => {
        this.cache.delete(resource);
      },
      // A Graph token goes to Graph only, a Management API token to the Management API only.
      hosts: this.config.environment === 'simulator' ? ['loopback'] : [new URL(resource === 'graph' ? this.endpoints.graph : this.endpoints.manage).hostname],
    };
  }

  private async request(resource: M365Resource): Promise<AccessToken> {
    const { config, endpoints } = this;
    const url = `${endpoints.login}/${config.tenantId}/oauth2/v2.0/token`;
    const audience = resource === 'graph' ? endpoints.graphResource : endpoints.manageResource;
    const form: Record<string, string> = { client_id: config.clientId, grant_type: 'client_credentials', scope: `${audience}/.default` };
    if (config.clientSecret !== undefined) {
      form.client_secret = config.clientSecret;
    } else if (config.certificate !== undefined) {
      form.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      form.client_assertion = clientAssertion({ clientId: config.clientId, audience: url, privateKeyPem: config.certificate, thumbprintHex: config.thumbprint ?? certificateThumbprint(config.certificate), now: this.clock.now() });
    } else {
      throw new ConfigError('Microsoft 365: the connection has neither a client secret nor a certificate. Reconnect with --client-secret-file or --certificate-file and --thumbprint.');
    }
    const { body } = await this.http.json({ operation: 'microsoft365.token', method: 'POST', url, form, credentials: true }, TokenResponseSchema);
    const claims = tokenClaims(body.access_token);
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    const tenantId = typeof claims.tid === 'string' ? claims.tid : null;
    if (tenantId && tenantId.toLowerCase() !== config.tenantId.toLowerCase()) {
      throw new AuthError(`Microsoft 365: Entra issued a token for tenant ${tenantId}, not ${config.tenantId}. Check the Directory (tenant) ID.`);
    }
    const expiresIn = Number(body.expires_in);
    const token: AccessToken = { value: body.access_token, expiresAt: this.clock.now() + (Number.isFinite(expiresIn) ? expiresIn : 3599) * 1000, roles, tenantId };
    this.http.redactor.add(token.value);
    this.cache.set(resource, token);
    return token;
  }
}
