import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import atlassian from '../index.js';
import { atlassianSimulator, type RunningAtlassianSimulator } from './index.js';

type Json = Record<string, unknown> & { data: Record<string, unknown>[]; links: Record<string, string | null | undefined>; meta: Record<string, unknown> | null };

describe('Atlassian simulator: the organisation API wire format (digest §1-§6)', () => {
  let sim: RunningAtlassianSimulator;
  const org = () => `${sim.config.simulatorUrl}/admin/v1/orgs/${sim.config.orgId}`;
  const call = async (url: string, init: RequestInit = {}, key = sim.config.apiKey) => {
    const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    sim = await atlassianSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, rateLimits: { events: { perMinute: 10, burst: 3 } } });
  });
  afterAll(async () => sim.close());

  it('refuses a bad key (401) and an unknown org (404 ADMIN-404-2) with the errors[] body, status as a string; lists no orgs for an org key', async () => {
    const bad = await call(`${org()}/users`, {}, 'nope-nope-nope-nope-nope');
    expect(bad.status).toBe(401);
    expect((bad.body.errors as { status: string; code: string }[])[0]).toMatchObject({ status: '401', code: 'ADMIN-401' });
    const missing = await call(`${sim.config.simulatorUrl}/admin/v1/orgs/00000000-0000-0000-0000-000000000000/users`);
    expect(missing.status).toBe(404);
    expect((missing.body.errors as { status: string; code: string }[])[0]).toMatchObject({ status: '404', code: 'ADMIN-404-2' });
    expect((await call(`${sim.config.simulatorUrl}/admin/v1/orgs`)).body).toMatchObject({ data: [], meta: null });
  });

  it('events-stream: `from` in epoch seconds and in milliseconds select the same events; pages follow the cursor in processing order; the last page keeps meta.next', async () => {
    const fromMs = CONFORMANCE_NOW - 3 * 86_400_000;
    const read = async (from: number) => {
      const ids: string[] = [];
      let url = `${org()}/events-stream?from=${from}&limit=40`;
      let last: Json | null = null;
      for (;;) {
        const page = await call(url);
        expect(page.status).toBe(200);
        ids.push(...page.body.data.map((e) => e.id as string));
        last = page.body;
        if (!page.body.links.next) break;
        expect(page.body.links.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin\/v1\/orgs\/.+\/events-stream\?cursor=/);
        url = page.body.links.next;
      }
      return { ids, last };
    };
    const ms = await read(fromMs);
    const seconds = await read(Math.floor(fromMs / 1000));
    expect(ms.ids.length).toBeGreaterThan(80);
    expect(seconds.ids).toEqual(ms.ids);
    expect(new Set(ms.ids).size).toBe(ms.ids.length);
    expect(typeof ms.last?.meta?.next).toBe('string');
    // Polling the last cursor again: nothing new in a frozen org.
    expect((await call(`${org()}/events-stream?cursor=${String(ms.last?.meta?.next)}`)).body.data).toEqual([]);
    expect((await call(`${org()}/events-stream?from=yesterday`)).status).toBe(400);
  });

  it('events-stream serves by processing time: a log-in processed hours late comes after events that happened later', async () => {
    const page = await call(`${org()}/events-stream?from=${CONFORMANCE_NOW - 30 * 86_400_000}&limit=1000`);
    const times = page.body.data.map((e) => Date.parse((e.attributes as { time: string }).time));
    const outOfOrder = times.filter((t, i) => i > 0 && t < (times[i - 1] as number) - 3_600_000);
    expect(outOfOrder.length).toBeGreaterThan(0);
  });

  it('limits the /events search per path (429 with Retry-After and an ISO X-RateLimit-Reset) without touching events-stream', async () => {
    const statuses: number[] = [];
    let throttled: Headers | null = null;
    for (let i = 0; i < 4; i++) {
      const r = await call(`${org()}/events?limit=1`);
      statuses.push(r.status);
      if (r.status === 429) throttled = r.headers;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(throttled?.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled?.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await call(`${org()}/events-stream?limit=1`)).status).toBe(200);
  });

  it('managed accounts page with a full-URL links.next; the v2 group search with a bare cursor that carries its query', async () => {
    const small = await atlassianSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, pageSize: 15 });
    try {
      const url = `${small.config.simulatorUrl}/admin/v1/orgs/${small.config.orgId}/users`;
      const first = await fetch(url, { headers: { authorization: `Bearer ${small.config.apiKey}` } }).then((r) => r.json() as Promise<Json>);
      expect(first.data).toHaveLength(15);
      expect(first.data[0]).toHaveProperty('account_id');
      expect(first.meta).toMatchObject({ total: 40 });
      expect(first.links.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin\/v1\/orgs\/.+\/users\?cursor=/);
    } finally {
      await small.close();
    }
    const groups = await call(`${sim.config.simulatorUrl}/admin/v2/orgs/${sim.config.orgId}/directories/-/groups/search`, { method: 'POST', body: JSON.stringify({ limit: 4 }) });
    expect(groups.body.data).toHaveLength(4);
    expect(groups.body.links.next).toMatch(/^[A-Za-z0-9_-]+$/);
    const rest = await call(`${sim.config.simulatorUrl}/admin/v2/orgs/${sim.config.orgId}/directories/-/groups/search`, { method: 'POST', body: JSON.stringify({ cursor: groups.body.links.next }) });
    expect(rest.body.data).toHaveLength(2);
    expect(rest.body.links.next).toBeUndefined();
  });

  it('the connector waits out a 429 that has no Retry-After, using X-RateLimit-Reset', async () => {
    const strict = await atlassianSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, retryAfterHeader: false, rateLimits: { events: { perMinute: 60, burst: 1 } } });
    try {
      const runtime = runtimeFor(atlassian, strict.config);
      const session = atlassian.createSession(strict.config, runtime);
      const started = Date.now();
      await session.client.get('t', `${session.client.org}/events`, { limit: 1 });
      const second = await session.client.get('t', `${session.client.org}/events`, { limit: 1 });
      expect(second.items).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThan(500);
      expect(strict.faults.retryAfterViolations).toBe(0);
      expect(strict.stats().byRoute['GET /admin/v1/orgs/:orgId/events']).toBe(3);
    } finally {
      await strict.close();
    }
  });
});
