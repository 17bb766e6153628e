import { describe, expect, it } from 'vitest';
import { CLOCK_GRANULARITY_MS, FaultInjector } from './fault-injector.js';

describe('FaultInjector: Retry-After violations', () => {
  it('counts from when the 429 was sent: a request arriving before it left is on its way, one after it and before Retry-After is a violation', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 2 });
    const decidedAt = 1_000_000;
    expect(faults.decide('/api/a', decidedAt)?.kind).toBe('rate-limit');
    // Arrives while the 429 is still being written: the client cannot know of it.
    faults.decide('/api/b', decidedAt + 40);
    expect(faults.retryAfterViolations).toBe(0);
    const sentAt = decidedAt + 50;
    faults.throttleSent(2, sentAt);
    // Sent 10 ms after the 429 left: a fixed grace from the decision (the old 25 ms) would have let this pass.
    faults.decide('/api/c', sentAt + 10);
    expect(faults.retryAfterViolations).toBe(1);
    faults.decide('/api/d', sentAt + 1500);
    expect(faults.retryAfterViolations).toBe(2);
    // At Retry-After (within the clock's granularity) and after it: allowed.
    faults.decide('/api/e', sentAt + 2000 - CLOCK_GRANULARITY_MS);
    faults.decide('/api/f', sentAt + 2500);
    expect(faults.retryAfterViolations).toBe(2);
  });

  it('counts a request that arrives right after the 429 was sent over real HTTP', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    const faults = new FaultInjector();
    faults.install(
      app,
      {
        rateLimited: (reply, s) => void reply.code(429).header('retry-after', String(s)).send({ error: 'throttled' }),
        serverError: (reply) => void reply.code(500).send({}),
        tokenExpired: (reply) => void reply.code(401).send({}),
      },
      () => true,
    );
    app.get('/api/x', async () => ({ ok: true }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 2 });
      expect((await fetch(`${base}/api/x`)).status).toBe(429);
      expect((await fetch(`${base}/api/x`)).status).toBe(200);
      expect(faults.injected['rate-limit']).toBe(1);
      expect(faults.retryAfterViolations).toBe(1);
    } finally {
      await app.close();
    }
  });
});
