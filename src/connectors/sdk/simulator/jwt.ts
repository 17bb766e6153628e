import { verify, type KeyObject } from 'node:crypto';

/** A compact JWS split into its parts, its header and claims parsed; null when it is not one. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `header.claims`, what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** For simulators' token endpoints: reads a JWT assertion without trusting it. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') return null;
    return { header: header as Record<string, unknown>, claims: claims as Record<string, unknown>, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2] as string, 'base64url') };
  } catch {
    return null;
  }
}

/** An RS256 signature check of a decoded JWT against a public key. */
export function verifiesRs256(jwt: DecodedJwt, key: KeyObject): boolean {
  return jwt.header.alg === 'RS256' && verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature);
}
