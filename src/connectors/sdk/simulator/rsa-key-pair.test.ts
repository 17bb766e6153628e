import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsaKeyPair } from './rsa-key-pair.js';

describe('simulator RSA key pairs', () => {
  it('makes each (format, role) once per process; the wrong key is another key', () => {
    const tenant = rsaKeyPair();
    expect(rsaKeyPair()).toBe(tenant);
    const wrong = rsaKeyPair('pkcs1', 'wrong');
    expect(wrong.privateKey).not.toBe(tenant.privateKey);
    expect(createPublicKey(wrong.privateKey).export({ type: 'spki', format: 'pem' })).not.toBe(tenant.publicKey);
    // Each pair is a pair: the public key is the private key's.
    expect(createPublicKey(tenant.privateKey).export({ type: 'spki', format: 'pem' })).toBe(tenant.publicKey);
  });

  it('gives the PEM each provider\'s console hands out', () => {
    expect(rsaKeyPair().privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const pkcs8 = rsaKeyPair('pkcs8');
    expect(pkcs8.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPrivateKey(pkcs8.privateKey).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});
