import { describe, expect, it } from 'vitest';
import { FaultInjector, IN_FLIGHT_MS } from './fault-injector.js';

describe('FaultInjector: Retry-After violations', () => {
  it('counts a request sent before Retry-After elapsed, but not one already on its way when the throttle was answered', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 2 });
    const t = 1_000_000;
    expect(faults.decide('/api/a', t)?.kind).toBe('rate-limit');
    faults.decide('/api/b', t + IN_FLIGHT_MS - 5);
    expect(faults.retryAfterViolations).toBe(0);
    faults.decide('/api/c', t + 500);
    expect(faults.retryAfterViolations).toBe(1);
    faults.decide('/api/d', t + 2000);
    expect(faults.retryAfterViolations).toBe(1);
  });
});
