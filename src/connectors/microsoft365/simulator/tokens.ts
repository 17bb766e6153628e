import { createHash, createPublicKey, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';

/** What the simulator knows about an access token it issued (tokens are unsigned but unforgeable: only issued ones resolve). */
export interface IssuedToken {
  tid: string;
  appid: string;
  /** Audience: `https://graph.microsoft.com` or `https://manage.office.com`. */
  aud: string;
  roles: string[];
  /** Expiry, epoch seconds. */
  exp: number;
  /** 1 = client secret, 2 = certificate. */
  appidacr: '1' | '2';
  oid: string;
}

export type TokenLookup = { ok: true; token: IssuedToken } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Issues app-only access tokens shaped like Entra's v1 tokens, and resolves the bearer tokens it issued. */
export class TokenIssuer {
  private readonly issued = new Map<string, IssuedToken>();

  issue(input: Omit<IssuedToken, 'exp'> & { now: number; lifetimeSeconds?: number }): { raw: string; token: IssuedToken } {
    const iat = Math.floor(input.now / 1000);
    const token: IssuedToken = { tid: input.tid, appid: input.appid, aud: input.aud, roles: input.roles, exp: iat + (input.lifetimeSeconds ?? 3599), appidacr: input.appidacr, oid: input.oid };
    const payload: Record<string, unknown> = {
      aud: token.aud,
      iss: `https://sts.windows.net/${token.tid}/`,
      iat,
      nbf: iat,
      exp: token.exp,
      aio: randomBytes(24).toString('base64'),
      app_displayname: 'Parapet Security Connector',
      appid: token.appid,
      appidacr: token.appidacr,
      idp: `https://sts.windows.net/${token.tid}/`,
      idtyp: 'app',
      oid: token.oid,
      rh: `0.${randomBytes(18).toString('base64url')}.`,
      sub: token.oid,
      tid: token.tid,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    };
    // Entra omits the claim when nothing was consented: that is how a missing admin consent looks.
    if (token.roles.length) payload.roles = token.roles;
    const header = { typ: 'JWT', alg: 'RS256', x5t: 'sImULaTor0nlyNotSigned', kid: 'sImULaTor0nlyNotSigned' };
    const raw = `${b64url(header)}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`;
    this.issued.set(raw, token);
    return { raw, token };
  }

  resolve(authorization: string | undefined, now: number): TokenLookup {
    const raw = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!raw) return { ok: false, reason: 'missing' };
    const token = this.issued.get(raw);
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.exp * 1000 <= now) return { ok: false, reason: 'expired' };
    return { ok: true, token };
  }

  /** Forgets a token, as if it expired or was revoked (the `expire-token` fault). */
  revoke(authorization: string | undefined): void {
    const raw = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (raw) this.issued.delete(raw);
  }
}

/** SHA-1 of the public key's DER, upper-case hex: the simulator's stand-in for a certificate thumbprint. */
export function thumbprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

export interface AssertionCheck {
  ok: boolean;
  /** AADSTS code and message when not ok. */
  code?: number;
  message?: string;
}

/**
 * Verifies a client assertion (RFC 7523 as Entra uses it): RS256, `x5t` naming a registered certificate,
 * `aud` = the token endpoint, `iss` = `sub` = client id, inside its validity window.
 */
export function verifyClientAssertion(assertion: string, input: { clientId: string; audiences: readonly string[]; certificates: ReadonlyMap<string, KeyObject>; now: readonly number[] }): AssertionCheck {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, code: 50027, message: 'JWT token is invalid or malformed.' };
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, code: 50027, message: 'JWT token is invalid or malformed.' };
  }
  if (header.alg !== 'RS256' && header.alg !== 'PS256') return { ok: false, code: 5002738, message: `Invalid JWT token. '${String(header.alg)}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'` };
  const x5t = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex').toUpperCase() : null;
  const key = x5t ? input.certificates.get(x5t) : undefined;
  if (!key) {
    return { ok: false, code: 700027, message: `Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of key used by client: '${x5t ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${input.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using a national cloud.)` };
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  if (!verify('RSA-SHA256', signed, key, signature)) {
    return { ok: false, code: 700027, message: 'Client assertion failed signature validation. (Reason - The provided signature value did not match the expected signature value.)' };
  }
  if (payload.iss !== input.clientId || payload.sub !== input.clientId) {
    return { ok: false, code: 700023, message: 'Client assertion audience claim does not match Realm issuer.' };
  }
  if (typeof payload.aud !== 'string' || !input.audiences.includes(payload.aud)) {
    return { ok: false, code: 700212, message: `No matching federated identity record found for presented assertion audience '${String(payload.aud)}'.` };
  }
  const exp = typeof payload.exp === 'number' ? payload.exp : 0;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : 0;
  // Valid against any of the given clocks (a frozen tenant's and the wall clock), with 5 minutes of skew.
  const fresh = input.now.some((ms) => exp >= ms / 1000 - 300 && nbf <= ms / 1000 + 300);
  if (!fresh) return { ok: false, code: 700024, message: 'Client assertion is not within its valid time range.' };
  return { ok: true };
}

export function traceIds(): { traceId: string; correlationId: string } {
  return { traceId: randomUUID(), correlationId: randomUUID() };
}
