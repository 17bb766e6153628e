import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateThumbprint, clientAssertion, tokenClaims } from './auth.js';
import { Microsoft365ConfigSchema } from './config.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('client assertion', () => {
  it('is an RS256 JWT with x5t from the thumbprint, aud the token endpoint, iss = sub = client id, 10 minutes valid', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const jwt = clientAssertion({ clientId: 'app', audience: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', privateKeyPem: privateKey, thumbprintHex: 'F2720D9E49E6A5F692B4025C01B952CAFF8E3F56', now: 1_700_000_000_000 });
    const [header] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from('F2720D9E49E6A5F692B4025C01B952CAFF8E3F56', 'hex').toString('base64url') });
    expect(tokenClaims(jwt)).toMatchObject({ aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', iss: 'app', sub: 'app', nbf: 1_700_000_000, exp: 1_700_000_600 });
  });

  it.skipIf(!hasOpenssl)('reads the thumbprint from a PEM that holds the certificate too (openssl req -x509 output)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-cert-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=parapet'], { stdio: 'ignore' });
      const combined = readFileSync(join(dir, 'c.pem'), 'utf8') + readFileSync(join(dir, 'k.pem'), 'utf8');
      const fingerprint = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
      expect(certificateThumbprint(combined)).toBe(fingerprint.split('=')[1]?.trim().replace(/:/g, ''));
      const base = { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: 'ea07e43e-b56c-45d1-b080-95d1479b1333' };
      expect(Microsoft365ConfigSchema.safeParse({ ...base, certificate: combined }).success).toBe(true);
      expect(Microsoft365ConfigSchema.safeParse({ ...base, certificate: readFileSync(join(dir, 'k.pem'), 'utf8') }).success).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
