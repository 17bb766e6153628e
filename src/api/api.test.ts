import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docusignSimulator } from '../connectors/docusign/simulator/index.js';
import { registry } from '../connectors/registry.js';
import type { Activity } from '../core/activity.js';
import type { Alert } from '../core/alert.js';
import { buildActivity } from '../detection/activity-builder.js';
import { insertActivities } from '../store/repos/activities.js';
import { getActivity } from '../store/repos/activity-search.js';
import { insertAlert } from '../store/repos/alerts.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { addStreamCounters } from '../store/repos/stream-health.js';
import { connectionHealth } from '../sync/stream-health.js';
import { startTestApi, type TestApi } from './test-support.js';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/helpers/dialects.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 4, 1, 12);
let t: TestApi;
let admin: { cookie: string; csrf: string };
let analyst: { cookie: string; csrf: string };
let instanceId: string;
let activities: Activity[];

describeDialects('API', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApi({ databaseUrl: database.databaseUrl });
    admin = await t.login('admin');
    analyst = await t.login('analyst');
    instanceId = (await createInstance(t.store.db, t.store.secrets, { name: 'okta-main', provider: 'docusign', config: {}, now: T0 })).id;
    // 130 activities, one every 10 minutes, two users, two networks; several share a timestamp (paging ties).
    activities = Array.from({ length: 130 }, (_, i) =>
      buildActivity({
        id: `a-${String(i).padStart(4, '0')}`,
        connectorInstanceId: instanceId,
        provider: 'docusign',
        app: 'eSignature',
        time: T0 - Math.floor(i / 2) * 10 * 60_000,
        action: i % 3 === 0 ? 'user.login_failed' : 'user.login',
        actor: { email: i % 2 ? 'ana@example.com' : 'bo@example.com' },
        srcIp: i % 4 === 0 ? `203.0.113.${i % 250}` : `198.51.100.${i % 250}`,
        geo: { country: i % 4 === 0 ? 'NL' : 'US' },
        message: i === 7 ? '=HYPERLINK("x") report, "quoted"' : null,
        raw: { n: i },
      }),
    );
    await insertActivities(t.store.db, activities);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  const get = (url: string, who = analyst) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, who = analyst) =>
    t.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });

  describe('activities', () => {
    it('pages the whole log newest first with keyset cursors: no row twice, none missed', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const response = await get(`/api/v1/activities?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.statusCode).toBe(200);
        const body = response.json() as { items: { id: string; time: number }[]; nextCursor: string | null };
        seen.push(...body.items.map((a) => a.id));
        cursor = body.nextCursor;
        pages++;
      }
      const expected = [...activities].sort((a, b) => b.time - a.time || (b.id < a.id ? -1 : 1)).map((a) => a.id);
      expect(seen).toEqual(expected);
      expect(pages).toBe(3);
    });

    it('filters by user, IP, CIDR, country, action, time range and text', async () => {
      const ids = async (query: string) => ((await get(`/api/v1/activities?limit=500&${query}`)).json() as { items: { id: string }[] }).items.map((a) => a.id).sort();
      const expect_ = (pred: (a: Activity) => boolean) => activities.filter(pred).map((a) => a.id).sort();
      expect(await ids('user=ANA@example.com')).toEqual(expect_((a) => a.actor.email === 'ana@example.com'));
      expect(await ids('ip=203.0.113.8')).toEqual(expect_((a) => a.srcIp === '203.0.113.8'));
      expect(await ids('cidr=203.0.113.0/24')).toEqual(expect_((a) => a.srcIp?.startsWith('203.0.113.') ?? false));
      expect(await ids('country=nl&action=user.login_failed')).toEqual(expect_((a) => a.geo.country === 'NL' && a.action === 'user.login_failed'));
      expect(await ids(`from=${new Date(T0 - 2 * HOUR).toISOString()}&to=${T0}`)).toEqual(expect_((a) => a.time >= T0 - 2 * HOUR && a.time < T0));
      expect(await ids('q=hyperlink')).toEqual(['a-0007']);
      expect(await ids('connector=okta-main&outcome=failure')).toEqual(expect_((a) => a.outcome === 'failure'));
      expect(await ids(`connector=${instanceId}&user=bo@example.com`)).toEqual(expect_((a) => a.actor.email === 'bo@example.com'));
    });

    it('records who listed and who exported the activity log, with the filter they used', async () => {
      await get('/api/v1/activities?user=bo@example.com&limit=5');
      await get('/api/v1/activities/export?format=csv&country=NL');
      const audit = await t.store.db.selectFrom('audit_events').selectAll().where('action', 'in', ['GET /api/v1/activities', 'GET /api/v1/activities/export']).orderBy('id').execute();
      expect(audit.filter((a) => a.actor_name === 'analyst').map((a) => a.action)).toEqual(expect.arrayContaining(['GET /api/v1/activities', 'GET /api/v1/activities/export']));
      const exported = audit.filter((a) => a.action === 'GET /api/v1/activities/export').at(-1)!;
      expect(JSON.stringify(exported)).toContain('country');
    });

    it('pages a CIDR filter with short pages rather than losing rows', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const body = (await get(`/api/v1/activities?limit=7&cidr=198.51.100.0/24${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: { id: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((a) => a.id));
        cursor = body.nextCursor;
      }
      expect(seen.sort()).toEqual(activities.filter((a) => a.srcIp?.startsWith('198.51.100.')).map((a) => a.id).sort());
    });

    it('names the bad filter', async () => {
      const response = await get('/api/v1/activities?cidr=300.1.1.1/8');
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].path).toBe('query.cidr');
      expect((await get('/api/v1/activities?from=yesterday')).json().errors[0].path).toBe('query.from');
      expect((await get('/api/v1/activities?cursor=garbage')).json().errors[0].path).toBe('query.cursor');
    });

    it('returns one activity with its raw record, and records who opened it', async () => {
      const response = await get('/api/v1/activities/a-0003');
      expect(response.json()).toMatchObject({ id: 'a-0003', raw: { n: 3 } });
      const audit = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'GET /api/v1/activities/:id').execute();
      expect(audit.map((a) => [a.actor_name, a.target_id])).toContainEqual(['analyst', 'a-0003']);
    });

    it('exports every match as JSON lines and as CSV', async () => {
      const jsonl = await get('/api/v1/activities/export?format=jsonl&user=bo@example.com');
      expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
      const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as Activity);
      expect(lines.map((a) => a.id).sort()).toEqual(activities.filter((a) => a.actor.email === 'bo@example.com').map((a) => a.id).sort());
      // Every field of each line is the stored activity's, raw record included (the export splices raw in as stored).
      for (const line of lines) expect(line).toEqual(await getActivity(t.store.db, line.id));
      // The in-memory CIDR filter reads activities without their raw record, and still exports them whole.
      const byRange = (await get('/api/v1/activities/export?format=jsonl&cidr=0.0.0.0/0')).body.trim().split('\n').map((l) => JSON.parse(l) as Activity);
      expect(byRange.length).toBeGreaterThan(0);
      for (const line of byRange.slice(0, 20)) expect(line).toEqual(await getActivity(t.store.db, line.id));
      const csv = await get('/api/v1/activities/export?format=csv');
      const rows = csv.body.trim().split('\r\n');
      expect(rows[0]).toMatch(/^id,time,provider/);
      expect(rows).toHaveLength(131);
      // The formula is defused and the quotes escaped.
      expect(csv.body).toContain(`"'=HYPERLINK(""x"") report, ""quoted"""`);
    });
  });

  describe('alerts', () => {
    it('triage: assign, comment, dismiss with a reason (required), in bulk too', async () => {
      const base: Omit<Alert, 'id' | 'fingerprint'> = {
        policyId: 'detection.impossible-travel', policyName: 'Impossible travel', variant: null, severity: 'high', status: 'open', resolution: null, resolutionNote: null, previousAlertId: null,
        subject: { type: 'user', key: 'ana@example.com', email: 'ana@example.com', userId: null, identityId: null },
        connectorInstanceId: instanceId, provider: 'docusign', app: 'eSignature', explanation: 'Ana signed in from Amsterdam and New York 20 minutes apart.',
        baseline: { usual: ['NL'] }, details: {}, activityIds: ['a-0001', 'a-0003'], requestedActions: [], firstActivityAt: T0 - HOUR, lastActivityAt: T0, createdAt: T0, updatedAt: T0,
      };
      // alert-2 carries a requested action: the list must still encode (a response schema with a transform cannot).
      for (const n of [1, 2, 3]) await insertAlert(t.store.db, { ...base, id: `alert-${n}`, fingerprint: `fp-${n}`, createdAt: T0 + n, updatedAt: T0 + n, requestedActions: n === 2 ? ['suspend-user'] : [] });
      const list = (await get('/api/v1/alerts?status=open&severity=high,critical&limit=2')).json() as { items: { id: string; requestedActions: string[] }[]; nextCursor: string };
      expect(list.items.map((a) => a.id)).toEqual(['alert-3', 'alert-2']);
      expect(list.items.map((a) => a.requestedActions)).toEqual([[], ['suspend-user']]);
      expect((await get(`/api/v1/alerts?limit=2&cursor=${list.nextCursor}`)).json().items.map((a: { id: string }) => a.id)).toEqual(['alert-1']);
      expect((await get('/api/v1/alerts?status=bogus')).json().errors[0].path).toBe('query.status');
      // A page shorter than asked for is the last.
      expect((await get('/api/v1/alerts?limit=5')).json().nextCursor).toBeNull();

      const detail = (await get('/api/v1/alerts/alert-1')).json();
      expect(detail.evidence.map((a: Activity) => a.id)).toEqual(['a-0003', 'a-0001'].sort((x, y) => (activities.find((a) => a.id === x)!.time - activities.find((a) => a.id === y)!.time)));
      expect(detail.explanation).toContain('Amsterdam');
      expect(detail.baseline).toEqual({ usual: ['NL'] });
      const opened = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'GET /api/v1/alerts/:id').execute();
      expect(opened.map((a) => [a.actor_name, a.target_id])).toEqual([['analyst', 'alert-1']]);

      const me = (await get('/api/v1/auth/me')).json().user.id as string;
      expect((await send('POST', '/api/v1/alerts/alert-1/assignee', { userId: me })).json().assigneeId).toBe(me);
      expect((await send('POST', '/api/v1/alerts/alert-1/assignee', { userId: 'nobody' })).statusCode).toBe(422);
      // Who can be assigned: admins and analysts, never a viewer (the portal's picker lists them).
      const assignees = (await get('/api/v1/alerts/assignees')).json().items as { id: string; username: string; role: string }[];
      expect(assignees.map((u) => [u.username, u.role])).toEqual([['admin', 'admin'], ['analyst', 'analyst']]);
      const viewerId = (await get('/api/v1/auth/me', await t.login('viewer'))).json().user.id as string;
      const toViewer = await send('POST', '/api/v1/alerts/alert-1/assignee', { userId: viewerId });
      expect([toViewer.statusCode, toViewer.json().errors[0].path]).toEqual([422, 'body.userId']);
      expect((await get('/api/v1/alerts/alert-1')).json().alert.assigneeId).toBe(me);
      expect((await send('POST', '/api/v1/alerts/alert-1/comments', { text: 'Checking with Ana' })).statusCode).toBe(201);
      const noReason = await send('POST', '/api/v1/alerts/alert-1/status', { status: 'dismissed' });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().errors[0].path).toBe('body.reason');
      const resolvedWithoutReason = await send('POST', '/api/v1/alerts/alert-1/status', { status: 'resolved' });
      expect([resolvedWithoutReason.statusCode, resolvedWithoutReason.json().errors[0].path]).toEqual([422, 'body.reason']);
      // Taking an alert in hand needs no reason.
      expect((await send('POST', '/api/v1/alerts/alert-1/status', { status: 'in_progress' })).json()).toMatchObject({ status: 'in_progress' });
      const dismissed = (await send('POST', '/api/v1/alerts/alert-1/status', { status: 'dismissed', reason: 'Ana was on a VPN' })).json();
      expect(dismissed).toMatchObject({ status: 'dismissed', resolution: 'false_positive', resolutionNote: 'Ana was on a VPN' });
      const comments = (await get('/api/v1/alerts/alert-1')).json().comments.map((c: { text: string; author: { name: string } }) => [c.author.name, c.text]);
      expect(comments).toEqual([['analyst', 'Checking with Ana'], ['analyst', 'Status changed to in_progress'], ['analyst', 'Status changed to dismissed: Ana was on a VPN']]);

      const bulk = (await send('POST', '/api/v1/alerts/bulk-status', { ids: ['alert-2', 'alert-3', 'alert-1', 'missing'], status: 'resolved', reason: 'confirmed' })).json();
      expect(bulk.results.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual([['alert-2', true], ['alert-3', true], ['alert-1', false], ['missing', false]]);
    });
  });

  describe('connectors', () => {
    it('validates the config with the connector schema and names the field', async () => {
      const response = await send('POST', '/api/v1/connectors', { provider: 'docusign', name: 'ds', config: { userId: 'bob@example.com', integrationKey: '4799e5e9-1559-4915-9862-cf4713bbcacc', privateKey: 'nope', accountBaseUri: 'https://na3.docusign.net' } }, admin);
      expect(response.statusCode).toBe(422);
      expect(response.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.config.privateKey', 'body.config.userId']);
      expect((await send('POST', '/api/v1/connectors', { provider: 'workday', name: 'wd', config: {} }, admin)).json().errors[0].path).toBe('body.provider');
    });

    it('tests a config before saving it: named checks over HTTP against the simulator, nothing stored, the key never echoed', async () => {
      const simulator = await docusignSimulator.start({ seed: 7 });
      try {
        const before = (await get('/api/v1/connectors')).json().items.length as number;
        const good = await send('POST', '/api/v1/connectors/test', { provider: 'docusign', config: simulator.config }, admin);
        expect(good.statusCode).toBe(200);
        expect(good.json().ok).toBe(true);
        expect(good.json().checks.length).toBeGreaterThan(1);
        expect(good.json().checks.every((c: { ok: boolean }) => c.ok)).toBe(true);

        const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
        const bad = await send('POST', '/api/v1/connectors/test', { provider: 'docusign', config: { ...simulator.config, privateKey: wrongKey } }, admin);
        expect(bad.statusCode).toBe(200);
        expect(bad.json().ok).toBe(false);
        expect(bad.json().checks.filter((c: { ok: boolean }) => !c.ok).length).toBeGreaterThan(0);
        for (const body of [good.body, bad.body]) {
          expect(body).not.toContain(simulator.config.privateKey.split('\n')[1]);
          expect(body).not.toContain(wrongKey.split('\n')[1]);
        }

        const invalid = await send('POST', '/api/v1/connectors/test', { provider: 'docusign', config: { ...simulator.config, userId: 'not-a-guid' } }, admin);
        expect(invalid.statusCode).toBe(422);
        expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.config.userId']);
        expect((await send('POST', '/api/v1/connectors/test', { provider: 'docusign', config: simulator.config }, analyst)).statusCode).toBe(403);
        expect((await get('/api/v1/connectors')).json().items.length).toBe(before);
      } finally {
        await simulator.close();
      }
    });

    it('lists connector types with a JSON Schema, secret fields, prerequisites and streams', async () => {
      const types = (await get('/api/v1/connector-types')).json().items as { id: string; configSchema: { properties: Record<string, unknown> }; secretFields: string[]; prerequisites: string[]; streams: { name: string }[] }[];
      const docusign = types.find((c) => c.id === 'docusign')!;
      expect(Object.keys(docusign.configSchema.properties)).toEqual(expect.arrayContaining(['userId', 'integrationKey', 'privateKey', 'accountBaseUri']));
      expect(docusign.secretFields).toEqual(['privateKey']);
      expect(docusign.prerequisites.length).toBeGreaterThan(0);
      expect(docusign.streams.map((s) => s.name)).toEqual(['accounts', 'settings', 'activities']);
    });

    it('shows status per stream and counts; disable and enable keep it', async () => {
      const connector = (await get(`/api/v1/connectors/${instanceId}`)).json();
      expect(connector).toMatchObject({ name: 'okta-main', activities: 130, enabled: true });
      expect(connector.streams.find((s: { stream: string }) => s.stream === 'activities')).toMatchObject({ newestEventAt: T0, collected: true });
      expect((await send('POST', `/api/v1/connectors/${instanceId}/disable`)).json()).toMatchObject({ status: 'disabled', enabled: false });
      expect((await send('POST', `/api/v1/connectors/${instanceId}/sync`)).statusCode).toBe(409);
      expect((await send('POST', `/api/v1/connectors/${instanceId}/enable`)).json()).toMatchObject({ status: 'connecting', enabled: true });
    });
    it("shows each stream's completeness as `parapet connectors` does: volume against the usual, late arrivals with the worst delay, duplicates absorbed, retried requests and its alerts (issue 9 items 5 and 9)", async () => {
      await addStreamCounters(t.store.db, instanceId, 'activities', { lateArrivals: 3, worstLateMs: 2 * HOUR, duplicatesAbsorbed: 4, requestsRetried: 2 }, T0);
      await addStreamCounters(t.store.db, instanceId, 'activities', { lateArrivals: 1, worstLateMs: 30 * HOUR, duplicatesAbsorbed: 0, requestsRetried: 1 }, T0 + HOUR);
      const streams = (await get(`/api/v1/connectors/${instanceId}`)).json().streams as Record<string, unknown>[];
      const activitiesStream = streams.find((s) => s.stream === 'activities');
      expect(activitiesStream).toMatchObject({ lateArrivals: 4, worstLateSeconds: 30 * 3600, duplicatesAbsorbed: 4, pagesRetried: 3 });
      // The same numbers the CLI prints (src/sync/stream-health.ts), for every stream.
      const health = await connectionHealth(t.store.db, registry.get('docusign')!, instanceId, Date.now());
      const fields = ['stream', 'kind', 'newestEventAt', 'eventsLastDay', 'usualEventsPerDay', 'lateArrivals', 'worstLateSeconds', 'duplicatesAbsorbed', 'pagesRetried', 'alerts'] as const;
      const pick = (s: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, s[f]]));
      expect(streams.map(pick)).toEqual(health.map((h) => pick(h as unknown as Record<string, unknown>)));
      // No run ever completed: every stream is behind, and says why.
      expect(streams.map((s) => (s.alerts as { kind: string }[]).map((a) => a.kind))).toEqual(streams.map(() => ['behind']));
    });
  });

  describe('policies', () => {
    it('a custom policy with mistakes is refused with line numbers', async () => {
      const response = await send('POST', '/api/v1/policies/custom', { source: 'id: custom.x\ntitle: X\nseverity: extreme\nwhere:\n  - field: action\n    equals: user.login\n' });
      expect(response.statusCode).toBe(422);
      const errors = response.json().errors as { path: string; line?: number }[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.path === 'body.source')).toBe(true);
      expect(errors.some((e) => e.line === 3)).toBe(true);
    });

    it('a custom policy is replaced only under its own id, a built-in never, and a backtest runs it even when disabled', async () => {
      const source = (id: string, email = 'ana@example.com') =>
        [`id: ${id}`, 'title: Failed sign-ins of one person', 'severity: low', 'where:', '  - { field: action, equals: user.login_failed }', `  - { field: actor.email, equals: ${email} }`].join('\n') + '\n';
      expect((await send('POST', '/api/v1/policies/custom', { source: source('custom.ana-failures') })).statusCode).toBe(201);
      const renamed = await send('PUT', '/api/v1/policies/custom/custom.ana-failures', { source: source('custom.other') });
      expect([renamed.statusCode, renamed.json().errors[0].path, renamed.json().errors[0].message]).toEqual([422, 'body.source', 'the policy\'s id is "custom.other" but the URL names "custom.ana-failures"']);
      expect((await send('PUT', '/api/v1/policies/custom/custom.ana-failures', { source: source('custom.ana-failures', 'bo@example.com') })).statusCode).toBe(200);
      const builtIn = await send('PUT', '/api/v1/policies/custom/detection.impossible-travel', { source: source('detection.impossible-travel') });
      expect([builtIn.statusCode, builtIn.json().detail]).toEqual([409, 'detection.impossible-travel is built in: tune it with PATCH /api/v1/policies/detection.impossible-travel.']);

      expect((await send('PATCH', '/api/v1/policies/custom.ana-failures', { enabled: false })).json()).toMatchObject({ enabled: false });
      const backtest = await send('POST', '/api/v1/policies/custom.ana-failures/backtest', { from: T0 - 24 * HOUR, to: T0 + 1 });
      // Bo's failed sign-ins, the replaced policy's, raise one alert about Bo (none about Ana, the first version's).
      expect(activities.some((a) => a.action === 'user.login_failed' && a.actor.email === 'bo@example.com')).toBe(true);
      expect(backtest.json().counts).toMatchObject({ activities: activities.length, evaluated: activities.length, alerts: 1 });
      expect(JSON.stringify(backtest.json().alerts[0])).toContain('bo@example.com');
      expect((await send('DELETE', '/api/v1/policies/custom/custom.ana-failures')).statusCode).toBe(204);
    });

    it('tunes a built-in policy and runs its tests', async () => {
      const tuned = await send('PATCH', '/api/v1/policies/detection.impossible-travel', { sensitivity: 'high', severity: 'critical' });
      expect(tuned.json()).toMatchObject({ sensitivity: 'high', severity: 'critical' });
      const tests = (await send('POST', '/api/v1/policies/detection.impossible-travel/test')).json();
      expect(tests.passed).toBe(true);
      expect(tests.cases.length).toBeGreaterThan(0);
    });
  });

  describe('users', () => {
    it('keeps at least one active admin', async () => {
      const me = (await get('/api/v1/auth/me', admin)).json().user.id as string;
      const demote = await send('PATCH', `/api/v1/users/${me}`, { role: 'viewer' }, admin);
      expect(demote.statusCode).toBe(409);
      expect(demote.json().detail).toContain('last active admin');
      // Nor disabled or deleted: either would lock everyone out of users and connectors.
      expect((await send('PATCH', `/api/v1/users/${me}`, { disabled: true }, admin)).statusCode).toBe(409);
      expect((await send('DELETE', `/api/v1/users/${me}`, undefined, admin)).statusCode).toBe(409);
      expect((await get('/api/v1/auth/me', admin)).json().user.role).toBe('admin');
      // Keeping the role it has is no loss.
      expect((await send('PATCH', `/api/v1/users/${me}`, { role: 'admin' }, admin)).statusCode).toBe(200);
    });
  });
});
