import { generateKeyPairSync } from 'node:crypto';

/** A throwaway 2048-bit RSA key pair in PEM (PKCS#1 private unless `privateFormat` says PKCS#8, SPKI public), as providers' consoles hand out. */
export function rsaKeyPair(privateFormat: 'pkcs1' | 'pkcs8' = 'pkcs1'): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: privateFormat, format: 'pem' } });
}
