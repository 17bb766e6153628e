import { generateKeyPairSync } from 'node:crypto';

/** A throwaway 2048-bit RSA key pair in PEM (PKCS#1 private, SPKI public), as providers' consoles hand out. */
export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
}
