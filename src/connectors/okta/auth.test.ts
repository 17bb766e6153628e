import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../sdk/http-client.js';
import { RateLimitGovernor } from '../sdk/rate-limit-governor.js';
import { PrivateKeyJwtAuth } from './auth.js';
import { oktaAllowedHosts } from './config.js';
import { oktaSimulator, type RunningOktaSimulator } from './simulator/index.js';

const TOKEN_ROUTE = 'POST /oauth2/v1/token';

describe('Okta service-app tokens', () => {
  let sim: RunningOktaSimulator;
  beforeAll(async () => {
    sim = await oktaSimulator.start({ seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('one token request for concurrent callers, reused until a minute before expires_in runs out, minted again after invalidate', async () => {
    const http = new HttpClient({ allowedHosts: oktaAllowedHosts(sim.config), governor: new RateLimitGovernor({ requestsPerSecond: 100, burst: 100 }) });
    let now = 1_000_000;
    const auth = new PrivateKeyJwtAuth(sim.config, http, () => now);
    const minted = () => sim.stats().byRoute[TOKEN_ROUTE] ?? 0;
    const before = minted();
    const [a, b] = await Promise.all([auth.token(), auth.token()]);
    expect(a).toBe(b);
    expect(minted() - before).toBe(1);
    // The simulator's tokens live an hour (expires_in 3600): kept until 60 s before that.
    now += 3_540_000 - 1;
    expect(await auth.token()).toBe(a);
    expect(minted() - before).toBe(1);
    now += 1;
    const c = await auth.token();
    expect(c).not.toBe(a);
    expect(minted() - before).toBe(2);
    auth.invalidate();
    const d = await auth.token();
    expect(d).not.toBe(c);
    expect(minted() - before).toBe(3);
    expect(await auth.headers()).toEqual({ authorization: `Bearer ${d}` });
  });
});
