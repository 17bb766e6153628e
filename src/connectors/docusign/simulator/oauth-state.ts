import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';

/** What `POST /oauth/token` answers: a token, or one of DocuSign's OAuth errors (digest §1.4). */
export type GrantResult =
  | { ok: true; token: IssuedToken }
  | { ok: false; status: number; body: { error: string; error_description?: string } };

export interface IssuedToken {
  accessToken: string;
  userId: string;
  integrationKey: string;
  scopes: string[];
  /** Wall-clock epoch ms. */
  expiresAt: number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** DocuSign's documented ceiling for `exp - iat`. */
const MAX_ASSERTION_LIFETIME_S = 3600;
export const TOKEN_LIFETIME_S = 3600;

function b64urlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function safeVerify(signed: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('RSA-SHA256', signed, key, signature);
  } catch {
    return false;
  }
}

function invalidRequest(description: string): GrantResult {
  return { ok: false, status: 400, body: { error: 'invalid_request', error_description: description } };
}

function invalidGrant(description: string): GrantResult {
  return { ok: false, status: 400, body: { error: 'invalid_grant', error_description: description } };
}

/**
 * The simulator's account server: registered integration keys and their RSA public keys, consent per
 * (integration key, user), and the opaque tokens it issued. Auth checks use the wall clock, whatever the
 * tenant's frozen "now", because the client signs assertions with the real time.
 */
export class OAuthState {
  private readonly integrations = new Map<string, KeyObject[]>();
  private readonly consent = new Map<string, Set<string>>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    /** Audiences accepted in `aud`: the simulator's own host:port and account-d.docusign.com. */
    private readonly audiences: () => readonly string[],
    private readonly userExists: (userId: string) => boolean,
    private readonly wallClock: () => number = Date.now,
  ) {}

  registerIntegration(integrationKey: string, publicKeyPem: string): void {
    const keys = this.integrations.get(integrationKey) ?? [];
    keys.push(createPublicKey(publicKeyPem));
    this.integrations.set(integrationKey, keys);
  }

  grantConsent(integrationKey: string, userId: string, scopes: readonly string[]): void {
    const key = `${integrationKey}:${userId}`;
    const set = this.consent.get(key) ?? new Set<string>();
    for (const s of scopes) set.add(s);
    this.consent.set(key, set);
  }

  revokeConsent(integrationKey: string, userId: string): void {
    this.consent.delete(`${integrationKey}:${userId}`);
  }

  /** Checks a JWT-bearer grant exactly in the order DocuSign's account server reports problems. */
  grant(grantType: string | undefined, assertion: string | undefined): GrantResult {
    if (grantType !== JWT_BEARER) {
      return { ok: false, status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type must be ${JWT_BEARER}` } };
    }
    if (!assertion) return invalidRequest('missing_assertion');
    const parts = assertion.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return invalidRequest('malformed_assertion');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    let header: unknown;
    let claims: unknown;
    try {
      header = b64urlJson(headerPart);
      claims = b64urlJson(payloadPart);
    } catch {
      return invalidRequest('malformed_assertion');
    }
    if (typeof header !== 'object' || header === null || (header as { alg?: unknown }).alg !== 'RS256') return invalidRequest('unsupported_algorithm');
    if (typeof claims !== 'object' || claims === null) return invalidRequest('malformed_assertion');
    const { iss, sub, aud, iat, exp, scope } = claims as Record<string, unknown>;

    if (typeof iss !== 'string' || !this.integrations.has(iss)) return invalidGrant('issuer_not_found');
    const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'utf8');
    const signature = Buffer.from(signaturePart, 'base64url');
    const keys = this.integrations.get(iss) ?? [];
    if (!keys.some((key) => safeVerify(signed, key, signature))) return invalidGrant('no_valid_keys_or_signatures');

    const audience = typeof aud === 'string' ? aud : Array.isArray(aud) ? aud.find((a): a is string => typeof a === 'string') : undefined;
    if (!audience || !this.audiences().includes(audience.replace(/^https?:\/\//, '').replace(/\/$/, ''))) return invalidRequest('invalid_audience');
    const nowS = Math.floor(this.wallClock() / 1000);
    if (typeof exp !== 'number' || typeof iat !== 'number') return invalidRequest('malformed_assertion');
    if (exp <= nowS) return invalidRequest('expired_assertion');
    // An assertion issued in the future (the client's clock runs ahead) is refused: no leeway.
    if (iat > nowS) return invalidGrant('invalid_assertion_iat');
    if (exp - iat > MAX_ASSERTION_LIFETIME_S || exp <= iat) return invalidRequest('invalid_assertion_lifetime');
    if (typeof sub !== 'string' || !this.userExists(sub)) return invalidGrant('user_not_found');

    const scopes = typeof scope === 'string' && scope.trim() !== '' ? scope.trim().split(/\s+/) : ['signature'];
    const consented = this.consent.get(`${iss}:${sub}`);
    if (!consented || scopes.some((s) => !consented.has(s))) return { ok: false, status: 400, body: { error: 'consent_required' } };

    const token: IssuedToken = {
      accessToken: randomBytes(48).toString('base64url'),
      userId: sub,
      integrationKey: iss,
      scopes,
      expiresAt: this.wallClock() + TOKEN_LIFETIME_S * 1000,
    };
    this.tokens.set(token.accessToken, token);
    return { ok: true, token };
  }

  /** The live token behind an `Authorization: Bearer` header, or null (missing, unknown, expired, revoked). */
  resolve(authorization: string | undefined): IssuedToken | null {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return null;
    const token = this.tokens.get(match[1]);
    if (!token) return null;
    if (token.expiresAt <= this.wallClock()) {
      this.tokens.delete(token.accessToken);
      return null;
    }
    return token;
  }

  /** Makes a token invalid at once (the "token expired mid-stream" fault). */
  revoke(authorization: string | undefined): void {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (match?.[1]) this.tokens.delete(match[1]);
  }
}
