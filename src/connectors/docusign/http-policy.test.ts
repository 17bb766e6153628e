import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOUR } from '../../core/clock.js';
import { AuthError, ProviderError, RateLimitedError } from '../../core/errors.js';
import { createConnectorRuntime } from '../sdk/runtime.js';
import { clockMidWindow } from '../sdk/simulator/window-clock.js';
import docusign from './index.js';
import type { HttpResponse } from '../sdk/http-client.js';
import { docusignBudgetReader, docusignErrorMapper, docusignThrottleSignal } from './http-policy.js';
import { docusignSimulator, type RunningDocusignSimulator } from './simulator/index.js';
import { mintToken } from './simulator/test-kit.js';

/** A real simulator response, as the HTTP client hands it to the policy. */
async function fetchResponse(url: string, token: string): Promise<HttpResponse> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: res.status, url, headers, text: await res.text() };
}

const response = (status: number, headers: Record<string, string>, body: unknown = {}): HttpResponse => ({
  status,
  url: 'https://demo.docusign.net/restapi/v2.1/accounts/x/settings',
  headers,
  text: JSON.stringify(body),
});

describe('DocuSign HTTP policy', () => {
  let sim: RunningDocusignSimulator;
  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: Date.parse('2025-03-14T12:00:00Z'), rateLimits: { hourly: 3 }, rateLimitClock: clockMidWindow(HOUR) });
  });
  afterAll(async () => sim.close());

  it('reads the hourly budget and waits until X-RateLimit-Reset when the hour is spent', async () => {
    const token = await mintToken(sim);
    const url = `${sim.config.simulatorUrl}/oauth/userinfo`;
    const ok = await fetchResponse(url, token);
    expect(docusignBudgetReader(ok)).toEqual({ limit: 3, remaining: 1, resetAt: Number(ok.headers['x-ratelimit-reset']) * 1000 });
    expect(docusignThrottleSignal(ok)).toBeNull();
    await fetchResponse(url, token);
    const refused = await fetchResponse(url, token);
    expect(refused.status).toBe(429);
    const signal = docusignThrottleSignal(refused);
    const reset = Number(refused.headers['x-ratelimit-reset']) * 1000;
    expect(signal?.retryAfterMs).toBeGreaterThan(0);
    expect(signal?.retryAfterMs).toBeLessThanOrEqual(reset - Date.now() + 1000);
  });

  it('prefers Retry-After, knows the burst window, and treats the old 400 form as throttling', () => {
    expect(docusignThrottleSignal(response(429, { 'retry-after': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9999999999' }))).toEqual({ retryAfterMs: 3000 });
    expect(docusignThrottleSignal(response(429, { 'x-ratelimit-remaining': '10', 'x-burstlimit-remaining': '0' }))).toEqual({ retryAfterMs: 30_000 });
    expect(docusignThrottleSignal(response(429, {}))).toEqual({ retryAfterMs: null });
    expect(docusignThrottleSignal(response(400, {}, { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The hourly limit is 1000.' }))).not.toBeNull();
    expect(docusignThrottleSignal(response(400, {}, { errorCode: 'INVALID_REQUEST_PARAMETER' }))).toBeNull();
    expect(docusignBudgetReader(response(200, {}))).toBeNull();
  });

  it('maps DocuSign errors to the right kind, naming the call and the code', () => {
    const lacks = docusignErrorMapper(response(400, {}, { errorCode: 'USER_LACKS_PERMISSIONS', message: 'This user lacks sufficient permissions.' }), 'docusign.esign.settings');
    expect(lacks).toBeInstanceOf(AuthError);
    expect(lacks?.message).toMatch(/^docusign\.esign\.settings \(\/restapi\/v2\.1\/accounts\/x\/settings\): DocuSign answered HTTP 400 USER_LACKS_PERMISSIONS/);
    expect(docusignErrorMapper(response(403, {}, { error: 'forbidden', error_description: 'no' }), 'op')).toBeInstanceOf(AuthError);
    expect(docusignErrorMapper(response(401, {}, { errorCode: 'USER_AUTHENTICATION_FAILED' }), 'op')).toBeInstanceOf(AuthError);
    const missing = docusignErrorMapper(response(404, {}, { error: 'not_found' }), 'op');
    expect(missing).toBeInstanceOf(ProviderError);
    expect(missing).not.toBeInstanceOf(AuthError);
    expect((missing as ProviderError).providerCode).toBe('not_found');
  });
});

describe('DocuSign hourly budget shared with other apps', () => {
  it('says whose budget ran out and until when, when other apps of the account spent it', async () => {
    // Both sides' clocks at the half hour, wherever in the hour this runs: within two minutes of the top of a
    // real hour, the client would rightly wait for the reset instead of failing, and time out here.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.parse('2026-03-14T12:30:00Z'));
    const sim = await docusignSimulator.start({ frozenAt: Date.parse('2025-03-14T12:00:00Z'), rateLimits: { hourly: 40, usedByOtherApps: 30 } });
    try {
      const runtime = createConnectorRuntime(docusign, sim.config, { logger: pino({ level: 'silent' }), clock: { now: () => Date.now() } });
      const session = docusign.createSession(sim.config, runtime);
      const stream = docusign.streams.accounts;
      if (stream?.kind !== 'snapshot') throw new Error('no accounts stream');
      const error = await (async () => {
        for await (const page of stream.read(session, runtime)) void page;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as Error).message).toMatch(/hourly API budget of this account \(40 requests\) is spent until 2026-03-14T13:00:00\.000Z\. The budget is shared by every app and integration/);
    } finally {
      await sim.close();
      vi.useRealTimers();
    }
  }, 60_000);
});
