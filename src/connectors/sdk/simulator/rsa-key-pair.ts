import { generateKeyPairSync } from 'node:crypto';

export type RsaKeyPair = Readonly<{ privateKey: string; publicKey: string }>;

const made = new Map<string, RsaKeyPair>();

/**
 * A throwaway 2048-bit RSA key pair in PEM (PKCS#1 private unless `privateFormat` says PKCS#8, SPKI public), as
 * providers' consoles hand out. `role: 'wrong'` is a second, different pair: a key the tenant does not know.
 *
 * Generating one costs 0.1–0.5 s of CPU and tests start simulators hundreds of times, so a process makes each
 * (format, role) once and every simulator it starts uses that pair (each tenant registers its own public key).
 */
export function rsaKeyPair(privateFormat: 'pkcs1' | 'pkcs8' = 'pkcs1', role: 'tenant' | 'wrong' = 'tenant'): RsaKeyPair {
  const key = `${privateFormat} ${role}`;
  let pair = made.get(key);
  if (!pair) {
    pair = Object.freeze(generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: privateFormat, format: 'pem' } }));
    made.set(key, pair);
  }
  return pair;
}
