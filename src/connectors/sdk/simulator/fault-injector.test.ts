import { describe, expect, it } from 'vitest';
import { CLIENT_REACTION_MS, CLOCK_GRANULARITY_MS, FaultInjector } from './fault-injector.js';

describe('FaultInjector: Retry-After violations', () => {
  it('counts from when the 429 was sent: a request arriving before it left is on its way; the throttled request again before Retry-After is a violation', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 2 });
    const decidedAt = 1_000_000;
    expect(faults.decide('/api/a', decidedAt)?.kind).toBe('rate-limit');
    // Arrives while the 429 is still being written: the client cannot know of it.
    faults.decide('/api/b', decidedAt + 40);
    expect(faults.retryAfterViolations).toBe(0);
    const sentAt = decidedAt + 50;
    faults.throttleSent('/api/a', 2, sentAt);
    // The throttled request retried 10 ms after the 429 left: a violation, however quick.
    faults.decide('/api/a', sentAt + 10);
    expect(faults.retryAfterViolations).toBe(1);
    faults.decide('/api/d', sentAt + 1500);
    expect(faults.retryAfterViolations).toBe(2);
    // At Retry-After (within the clock's granularity) and after it: allowed.
    faults.decide('/api/e', sentAt + 2000 - CLOCK_GRANULARITY_MS);
    faults.decide('/api/f', sentAt + 2500);
    expect(faults.retryAfterViolations).toBe(2);
  });

  it('lets a concurrent client’s other requests that were already under way land just after the 429, and no later', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 1 });
    const sentAt = 2_000_000;
    expect(faults.decide('/api/blob/1', sentAt - 5)?.kind).toBe('rate-limit');
    faults.throttleSent('/api/blob/1', 1, sentAt);
    // Blob 2 was started while the client was still busy with the page before it read the 429.
    faults.decide('/api/blob/2', sentAt + 3);
    faults.decide('/api/blob/3', sentAt + CLIENT_REACTION_MS - 1);
    expect(faults.retryAfterViolations).toBe(0);
    // A client that did not pause at all keeps sending: caught once its reaction time is over.
    faults.decide('/api/blob/4', sentAt + CLIENT_REACTION_MS + 50);
    expect(faults.retryAfterViolations).toBe(1);
  });

  it('counts the throttled request sent again within the millisecond its 429 left (a fast loopback client)', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'rate-limit', times: 1, retryAfterSeconds: 1 });
    const sentAt = 3_000_000;
    expect(faults.decide('/api/page', sentAt)?.kind).toBe('rate-limit');
    faults.throttleSent('/api/page', 1, sentAt);
    // Another request of the same client in that millisecond was already on its way: not counted.
    faults.decide('/api/other', sentAt);
    expect(faults.retryAfterViolations).toBe(0);
    faults.decide('/api/page', sentAt);
    expect(faults.retryAfterViolations).toBe(1);
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

/** A Fastify app with a fault injector installed on every route, answering faults with bare statuses. */
async function appWithFaults() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  const faults = new FaultInjector();
  faults.install(
    app,
    {
      rateLimited: (reply) => void reply.code(429).send({}),
      serverError: (reply) => void reply.code(500).send({}),
      tokenExpired: (reply) => void reply.code(401).send({}),
    },
    () => true,
  );
  return { app, faults };
}

describe('FaultInjector: lost writes', () => {
  it('answers a write to the path with success and never runs its route; reads of the same path go through and are not counted', async () => {
    const { app, faults } = await appWithFaults();
    let enabled = true;
    app.get('/api/users/1', async () => ({ enabled }));
    app.patch('/api/users/1', async (req, reply) => {
      enabled = (req.body as { enabled: boolean }).enabled;
      return reply.code(204).send();
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const patch = () => fetch(`${base}/api/users/1`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
    try {
      faults.add({ kind: 'lost-write', path: '/users/1', times: 1 });
      expect(await (await fetch(`${base}/api/users/1`)).json()).toEqual({ enabled: true });
      expect((await patch()).status).toBe(204);
      expect(await (await fetch(`${base}/api/users/1`)).json()).toEqual({ enabled: true });
      expect(faults.injected['lost-write']).toBe(1);
      // Once its times are used up, writes take effect again.
      expect((await patch()).status).toBe(204);
      expect(await (await fetch(`${base}/api/users/1`)).json()).toEqual({ enabled: false });
      expect(faults.injected['lost-write']).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('FaultInjector: late writes', () => {
  it('answers a write with success and applies it only after delayMs (a provider lagging behind its own writes), once', async () => {
    const { app, faults } = await appWithFaults();
    let enabled = true;
    const applied: boolean[] = [];
    app.get('/api/users/1', async () => ({ enabled }));
    app.patch('/api/users/1', async (req, reply) => {
      enabled = (req.body as { enabled: boolean }).enabled;
      applied.push(enabled);
      return reply.code(204).send();
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      faults.add({ kind: 'late-write', path: '/users/1', times: 1, delayMs: 300 });
      const answer = await fetch(`${base}/api/users/1`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
      expect(answer.status).toBe(204);
      expect(faults.injected['late-write']).toBe(1);
      // Read straight after: the provider does not show it yet.
      expect(await (await fetch(`${base}/api/users/1`)).json()).toEqual({ enabled: true });
      expect(applied).toEqual([]);
      await faults.settled();
      expect(await (await fetch(`${base}/api/users/1`)).json()).toEqual({ enabled: false });
      // Applied exactly once: the replay itself is not met by the fault again, nor counted.
      expect(applied).toEqual([false]);
      expect(faults.injected['late-write']).toBe(1);
    } finally {
      await app.close();
    }
  });
});
