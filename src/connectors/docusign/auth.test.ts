import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { AuthError, ConfigError, errorMessage } from '../../core/errors.js';
import { createConnectorRuntime } from '../sdk/runtime.js';
import { DocusignAuth, DOCUSIGN_SCOPES, readPrivateKey, tokenError } from './auth.js';
import { docusignEndpoints, type DocusignConfig } from './config.js';
import docusign from './index.js';
import { docusignSimulator, type RunningDocusignSimulator } from './simulator/index.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');

function authFor(sim: RunningDocusignSimulator, config: DocusignConfig = sim.config, wallClock: () => number = Date.now) {
  const runtime = createConnectorRuntime(docusign, config, { logger: pino({ level: 'silent' }), clock: systemClock });
  return { auth: new DocusignAuth({ config, endpoints: docusignEndpoints(config), http: runtime.http, wallClock }), http: runtime.http };
}

const tokenRequests = (sim: RunningDocusignSimulator) => sim.stats().byRoute['POST /oauth/token'] ?? 0;

describe('DocusignAuth (JWT grant)', () => {
  let sim: RunningDocusignSimulator;
  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: FROZEN });
  });
  afterAll(async () => sim.close());

  it('gets a token with this machine\'s clock 5 minutes ahead or behind DocuSign\'s, and names the clock when it is far off', async () => {
    for (const offset of [5 * 60_000, -5 * 60_000]) {
      const { auth } = authFor(sim, sim.config, () => Date.now() + offset);
      expect(await auth.accessToken()).toMatch(/^[\w-]{20,}$/);
    }
    const { auth } = authFor(sim, sim.config, () => Date.now() + 20 * 60_000);
    const error = await auth.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(errorMessage(error)).toMatch(/invalid_assertion_iat.*This machine's clock is about 20 minute\(s\) ahead of DocuSign's.*NTP/);
  });

  it('mints one token, caches it, and shares one request between concurrent callers', async () => {
    const before = tokenRequests(sim);
    const { auth } = authFor(sim);
    const [a, b] = await Promise.all([auth.accessToken(), auth.accessToken()]);
    expect(a).toBe(b);
    expect(await auth.accessToken()).toBe(a);
    expect(await auth.headers()).toEqual({ authorization: `Bearer ${a}` });
    expect(tokenRequests(sim) - before).toBe(1);
  });

  it('mints a new token a minute before expiry, and after invalidate()', async () => {
    let offset = 0;
    const { auth } = authFor(sim, sim.config, () => Date.now() + offset);
    const first = await auth.accessToken();
    offset = 3_530_000; // 70 s before expiry: still fresh
    expect(await auth.accessToken()).toBe(first);
    offset = 3_545_000; // 55 s before expiry: refresh (DocuSign's clock has moved on as much)
    sim.setAccountServerClockOffset(offset);
    try {
      const second = await auth.accessToken();
      expect(second).not.toBe(first);
      auth.invalidate();
      expect(await auth.accessToken()).not.toBe(second);
      expect(auth.minted).toBe(3);
    } finally {
      sim.setAccountServerClockOffset(0);
    }
  });

  it('asks for exactly the scopes the connector uses', () => {
    expect([...DOCUSIGN_SCOPES]).toEqual(['signature', 'impersonation', 'organization_read', 'user_read', 'user_write', 'account_read']);
  });

  it('keeps the private key and tokens out of errors and redacts them everywhere', async () => {
    const { auth, http } = authFor(sim, sim.badCredentialConfig);
    const error = await auth.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).providerCode).toBe('invalid_grant:no_valid_keys_or_signatures');
    const body = sim.badCredentialConfig.privateKey.split('\n').slice(1, -2).join('\n');
    expect(errorMessage(error)).not.toContain(body.slice(0, 30));
    expect(http.redact(`key: ${sim.badCredentialConfig.privateKey}`)).not.toContain(body.slice(0, 30));

    const good = authFor(sim);
    const token = await good.auth.accessToken();
    expect(good.http.redact(`token ${token}`)).toBe('token [REDACTED]');
  });

  it('refuses a private key that is not an RSA PEM with a ConfigError that repeats none of it', () => {
    const bogus = '-----BEGIN RSA PRIVATE KEY-----\nTm90QUtleUF0QWxsSnVzdFNvbWVCeXRlcw==\n-----END RSA PRIVATE KEY-----';
    let thrown: unknown;
    try {
      readPrivateKey(bogus);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(errorMessage(thrown)).not.toContain('Tm90QUtleU');
  });

  it('words each refusal with its fix', () => {
    const endpoints = docusignEndpoints(sim.config);
    const prod = { ...sim.config, environment: 'production' as const };
    expect(tokenError('invalid_grant', 'issuer_not_found', prod, endpoints).message).toMatch(/promoted \(Go-Live\)/);
    expect(tokenError('invalid_grant', 'user_not_found', prod, endpoints).message).toMatch(/production \(account\.docusign\.com\).*API Username/);
    expect(tokenError('invalid_request', 'expired_assertion', prod, endpoints).message).toMatch(/clock/);
    expect(tokenError('consent_required', undefined, prod, endpoints).message).toMatch(/admin consent/);
  });
});
