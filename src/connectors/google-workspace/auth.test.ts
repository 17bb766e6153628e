import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../sdk/http-client.js';
import { RateLimitGovernor } from '../sdk/rate-limit-governor.js';
import { GoogleAuth } from './auth.js';
import { googleEndpoints } from './config.js';
import { READ_SCOPES } from './scopes.js';
import { googleAllowedHosts } from './session.js';
import { googleWorkspaceSimulator, type RunningGoogleSimulator } from './simulator/index.js';

const TOKEN_ROUTE = 'POST /token';

describe('Google service-account tokens', () => {
  let sim: RunningGoogleSimulator;
  beforeAll(async () => {
    sim = await googleWorkspaceSimulator.start({ seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('one token request for concurrent callers, reused until a minute before expires_in (from when it was asked) runs out, minted again after invalidate', async () => {
    const http = new HttpClient({ allowedHosts: googleAllowedHosts(sim.config), governor: new RateLimitGovernor({ requestsPerSecond: 100, burst: 100 }) });
    // The wall clock is also the assertion's iat, which the token endpoint checks against real time (exp not past,
    // iat at most 5 minutes ahead): start it 3400 s back so both mints below carry an acceptable iat.
    const start = Date.now() - 3_400_000;
    let now = start;
    const auth = new GoogleAuth({ config: sim.config, endpoints: googleEndpoints(sim.config), http, scopes: READ_SCOPES, wallClock: () => now });
    const minted = () => sim.stats().byRoute[TOKEN_ROUTE] ?? 0;
    const before = minted();
    const [a, b] = await Promise.all([auth.accessToken(), auth.accessToken()]);
    expect(a).toBe(b);
    expect(minted() - before).toBe(1);
    // The simulator answers expires_in 3599: the token is kept until 60 s before that.
    now = start + 3_539_000 - 1;
    expect(await auth.accessToken()).toBe(a);
    expect(minted() - before).toBe(1);
    now = start + 3_539_000;
    const c = await auth.accessToken();
    expect(minted() - before).toBe(2);
    auth.invalidate();
    const d = await auth.accessToken();
    expect(minted() - before).toBe(3);
    expect(await auth.headers()).toEqual({ authorization: `Bearer ${d}` });
    expect(c).not.toBe(a);
  });
});
