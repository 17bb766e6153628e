import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../../core/clock.js';
import { AuthError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, readActivities, runtimeFor } from '../../sdk/conformance/read-activities.js';
import servicenow from '../index.js';
import { nextLink } from '../client.js';
import { clockMidWindow } from '../../sdk/simulator/window-clock.js';
import { serviceNowSimulator, type RunningServiceNowSimulator } from './index.js';

describe('ServiceNow simulator: the Table API wire format', () => {
  let sim: RunningServiceNowSimulator;
  const basic = () => `Basic ${Buffer.from(`${sim.config.username}:${sim.config.password}`).toString('base64')}`;
  const get = async (path: string, auth = basic()) => {
    const res = await request(`${sim.urls.instance}${path}`, { headers: { authorization: auth, accept: 'application/json' } });
    return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    sim = await serviceNowSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, rateLimitPerHour: 1000 });
  });
  afterAll(async () => sim.close());

  it('pages by sysparm_limit/offset with one comma-joined Link header (no prev on the first page, no next on the last) and X-Total-Count', async () => {
    const first = await get('/api/now/table/sys_user?sysparm_limit=15&sysparm_query=ORDERBYsys_created_on');
    expect(first.status).toBe(200);
    expect(first.headers['x-total-count']).toBe('41');
    const link = String(first.headers.link);
    expect(link.split(',').map((p) => /rel="(\w+)"/.exec(p)?.[1])).toEqual(['first', 'next', 'last']);
    expect(link).toMatch(/>;rel="next"/);
    expect((first.body.result as unknown[]).length).toBe(15);
    const last = await get(new URL(nextLink(link)!).pathname + new URL(nextLink(link)!).search.replace('sysparm_offset=15', 'sysparm_offset=30'));
    expect(String(last.headers.link).split(',').map((p) => /rel="(\w+)"/.exec(p)?.[1])).toEqual(['first', 'prev', 'last']);
    expect((last.body.result as unknown[]).length).toBe(11);
    const one = await get('/api/now/table/sys_user?sysparm_limit=100');
    expect(one.headers.link).toBeUndefined();
  });

  it('writes every value as a string, references as {link,value} unless excluded, and ignores a condition on an unknown field', async () => {
    const withLinks = await get('/api/now/table/sys_user_has_role?sysparm_limit=1&sysparm_query=ORDERBYsys_created_on');
    const row = (withLinks.body.result as Record<string, unknown>[])[0]!;
    expect(row.user).toMatchObject({ link: expect.stringContaining('/api/now/table/sys_user/'), value: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(row.inherited).toMatch(/^(true|false)$/);
    const plain = await get('/api/now/table/sys_user_has_role?sysparm_limit=1&sysparm_exclude_reference_link=true&sysparm_fields=user,user.user_name,role.name');
    expect(Object.keys((plain.body.result as Record<string, unknown>[])[0]!)).toEqual(['user', 'user.user_name', 'role.name']);
    const all = await get('/api/now/table/sys_user?sysparm_limit=1');
    const typo = await get('/api/now/table/sys_user?sysparm_limit=1&sysparm_query=user_nmae=nobody');
    expect(typo.headers['x-total-count']).toBe(all.headers['x-total-count']);
  });

  it('answers 401 in the Table API error body, and 400 for an unknown table', async () => {
    const refused = await get('/api/now/table/sys_user', `Basic ${Buffer.from('svc.parapet:wrong').toString('base64')}`);
    expect(refused).toMatchObject({ status: 401, body: { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' } });
    expect((await get('/api/now/table/no_such_table')).body).toMatchObject({ error: { message: 'Invalid table no_such_table' } });
  });

  it('carries the rate-limit rule headers and answers 429 with Retry-After once the hourly rule is spent', async () => {
    const ok = await get('/api/now/table/sys_user?sysparm_limit=1');
    expect(ok.headers['x-ratelimit-limit']).toBe('1000');
    expect(Number(ok.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    const small = await serviceNowSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, rateLimitPerHour: 2, rateLimitClock: clockMidWindow(HOUR) });
    try {
      const hit = async () => (await request(`${small.urls.instance}/api/now/table/sys_user?sysparm_limit=1`, { headers: { authorization: `Basic ${Buffer.from(`${small.config.username}:${small.config.password}`).toString('base64')}` } })).statusCode;
      expect([await hit(), await hit()]).toEqual([200, 200]);
      const res = await request(`${small.urls.instance}/api/now/table/sys_user`, { headers: { authorization: `Basic ${Buffer.from(`${small.config.username}:${small.config.password}`).toString('base64')}` } });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(await res.body.json()).toMatchObject({ error: { message: 'Rate limit exceeded' }, status: 'failure' });
    } finally {
      await small.close();
    }
  });

  it('OAuth: the password grant and client credentials both read the same activities; a wrong secret is an AuthError naming the Application Registry', async () => {
    const basicRead = await readActivities(servicenow, sim.config);
    for (const config of [sim.oauthPasswordConfig, sim.oauthClientCredentialsConfig]) {
      const read = await readActivities(servicenow, config);
      expect(read.sourceIds).toEqual(basicRead.sourceIds);
      const runtime = runtimeFor(servicenow, config);
      expect((await servicenow.testConnection(servicenow.createSession(config, runtime), runtime)).ok).toBe(true);
    }
    const bad = { ...sim.oauthPasswordConfig, clientSecret: 'nope' };
    const runtime = runtimeFor(servicenow, bad);
    const result = await servicenow.testConnection(servicenow.createSession(bad, runtime), runtime);
    expect(result.checks[0]).toMatchObject({ name: 'credential', ok: false });
    expect(result.checks[0]?.detail).toContain('Application Registry');
    expect(result.checks[0]?.detail).not.toContain('nope');
    await expect(readActivities(servicenow, bad)).rejects.toBeInstanceOf(AuthError);
  });

  it('the test checks state how far back the log tables reach on the instance', async () => {
    const runtime = runtimeFor(servicenow, sim.config);
    const { checks } = await servicenow.testConnection(servicenow.createSession(sim.config, runtime), runtime);
    expect(checks.map((c) => c.name)).toEqual(['credential', 'accounts', 'groups', 'roles', 'log-on-events', 'transactions', 'audit', 'properties']);
    expect(checks.find((c) => c.name === 'log-on-events')?.detail).toMatch(/sysevent is a rotated table.*the oldest record is from \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(checks.find((c) => c.name === 'transactions')?.detail).toContain('about 49 days');
    expect(checks.find((c) => c.name === 'audit')?.detail).toContain('until an archive');
  });

  it('the seeded instance: snapshot streams list users by user_name with admins flagged, groups with members, admin and security_admin holders', async () => {
    const runtime = runtimeFor(servicenow, sim.config);
    const session = servicenow.createSession(sim.config, runtime);
    const collect = async (name: string) => {
      const out: Record<string, unknown>[] = [];
      const stream = servicenow.streams[name];
      if (stream?.kind !== 'snapshot') throw new Error(name);
      for await (const page of stream.read(session, runtime)) out.push(...(page as unknown as Record<string, unknown>[]));
      return out;
    };
    const accounts = await collect('accounts');
    expect(accounts.filter((a) => a.isAdmin).map((a) => a.providerId).sort()).toEqual(['alex.morgan', sim.users()[1]!.userName, 'svc.parapet'].sort());
    expect(accounts.find((a) => a.providerId === sim.users()[9]!.userName)?.status).toBe('deleted');
    const privileges = await collect('privileges');
    expect(privileges.filter((p) => p.role === 'security_admin').map((p) => p.accountProviderId)).toEqual(['alex.morgan', sim.users()[1]!.userName]);
    const groups = await collect('groups');
    expect([...((groups.find((g) => g.name === 'IT Administrators')?.members as string[]) ?? [])].sort()).toEqual(['alex.morgan', sim.users()[1]!.userName, sim.users()[21]!.userName].sort());
  });

  it('transactions: read page by page in time order as the truth lists them, a few views per person and working day from the log-on address, exports rare', async () => {
    const paged = await serviceNowSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, pageSize: 40 });
    try {
      const read = await readActivities(servicenow, paged.config);
      const truth = new Set(paged.truth().activityIds);
      const rows = paged.rows('syslog_transaction').filter((r) => truth.has(r.sys_id as string));
      const byTime = [...rows].sort((a, b) => (a.sys_created_on ?? '').localeCompare(b.sys_created_on ?? '') || (a.sys_id ?? '').localeCompare(b.sys_id ?? ''));
      // Every transaction of the window, once, in the stream's order; read over many pages.
      expect(read.sourceIds.filter((id) => rows.some((r) => r.sys_id === id))).toEqual(byTime.map((r) => r.sys_id));
      expect(read.pageSizes.filter((n) => n === 40).length).toBeGreaterThan(10);
      const all = paged.rows('syslog_transaction');
      const perUserDay = new Map<string, number>();
      for (const r of all) perUserDay.set(`${r.sys_created_by} ${r.sys_created_on?.slice(0, 10)}`, (perUserDay.get(`${r.sys_created_by} ${r.sys_created_on?.slice(0, 10)}`) ?? 0) + 1);
      expect(Math.max(...perUserDay.values())).toBeLessThanOrEqual(7);
      const exports = all.filter((r) => /\?(CSV|EXCEL)&/.test(r.url ?? ''));
      expect(exports.length).toBeGreaterThan(0);
      expect(exports.length).toBeLessThan(all.length / 50);
      // Each transaction comes from an address the same user logged on from.
      const logonIps = new Map<string, Set<string>>();
      for (const e of paged.rows('sysevent')) if (e.name === 'login') logonIps.set(e.parm1 as string, (logonIps.get(e.parm1 as string) ?? new Set()).add(e.parm2 as string));
      expect(all.filter((r) => !logonIps.get(r.sys_created_by as string)?.has(r.remote_ip as string))).toEqual([]);
    } finally {
      await paged.close();
    }
  });
});
