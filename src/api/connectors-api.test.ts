import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildActivity } from '../detection/activity-builder.js';
import { insertActivities } from '../store/repos/activities.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { finishSyncRun, startSyncRun } from '../store/repos/sync-runs.js';
import type { TestApi } from './test-support.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const T0 = Date.UTC(2026, 10, 2, 9);
const MINUTE = 60_000;

/**
 * A connection's streams as `GET /connectors/:id` shows them, from sync runs and activities stored the way the
 * sync stores them: each stream's last finished run (its records, its error when it failed), whether one is
 * running now, and how far behind the newest activity is.
 */
describeDialects('connectors API: streams', (dialect) => {
  let t: TestApi;
  let viewer: { cookie: string };
  let instanceId: string;

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock: { now: () => T0 } });
    viewer = await t.login('viewer');
    const db = t.store.db;
    instanceId = (await createInstance(db, t.store.secrets, { name: 'docusign-prod', provider: 'docusign', config: {}, now: T0 - 60 * MINUTE })).id;
    await createInstance(db, t.store.secrets, { name: 'slack-new', provider: 'slack', config: {}, now: T0 - 5 * MINUTE });
    const run = async (stream: string, at: number, result: { status: 'succeeded' | 'failed'; records: number; error?: string } | null) => {
      const id = await startSyncRun(db, instanceId, stream, at);
      if (result) await finishSyncRun(db, id, { ...result, now: at + MINUTE });
    };
    // accounts: an older failure, then a success, and one running now.
    await run('accounts', T0 - 50 * MINUTE, { status: 'failed', records: 0, error: 'HTTP 503 from the provider' });
    await run('accounts', T0 - 40 * MINUTE, { status: 'succeeded', records: 12 });
    await run('accounts', T0 - MINUTE, null);
    // settings: its last run failed.
    await run('settings', T0 - 45 * MINUTE, { status: 'succeeded', records: 3 });
    await run('settings', T0 - 30 * MINUTE, { status: 'failed', records: 0, error: 'token expired: reconnect' });
    // activities: succeeded; the newest activity is 90 s old.
    await run('activities', T0 - 20 * MINUTE, { status: 'succeeded', records: 2 });
    await insertActivities(db, [
      buildActivity({ id: 'a-1', connectorInstanceId: instanceId, provider: 'docusign', app: 'DocuSign', time: T0 - 10 * MINUTE, action: 'user.login', actor: { email: 'ann@corp.example' } }),
      buildActivity({ id: 'a-2', connectorInstanceId: instanceId, provider: 'docusign', app: 'DocuSign', time: T0 - 90_000, action: 'user.login', actor: { email: 'bo@corp.example' } }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('each stream: its last finished run, its error only when that run failed, whether one runs now, and its lag', async () => {
    const response = await t.app.inject({ url: `/api/v1/connectors/${instanceId}`, headers: { cookie: viewer.cookie } });
    expect(response.statusCode).toBe(200);
    const fields = ['stream', 'kind', 'recordsLastRun', 'lastError', 'running', 'newestEventAt', 'lagSeconds'] as const;
    const streams = (response.json().streams as Record<string, unknown>[]).map((s) => fields.map((f) => s[f]));
    expect(streams).toEqual([
      ['accounts', 'snapshot', 12, null, true, null, null],
      ['settings', 'snapshot', 0, 'token expired: reconnect', false, null, null],
      ['activities', 'incremental', 2, null, false, T0 - 90_000, 90],
    ]);
    const list = await t.app.inject({ url: '/api/v1/connectors', headers: { cookie: viewer.cookie } });
    const items = list.json().items as { name: string; accounts: number; activities: number; streams: { running: boolean; recordsLastRun: number | null; lagSeconds: number | null }[] }[];
    expect(items.map((c) => [c.name, c.accounts, c.activities, c.streams.length])).toEqual([
      ['docusign-prod', 0, 2, 3],
      ['slack-new', 0, 0, 6],
    ]);
    // A connection that never ran: nothing running, no last run, no lag.
    expect(items[1]!.streams.every((s) => !s.running && s.recordsLastRun === null && s.lagSeconds === null)).toBe(true);
  });

  it('sync now starts a sync, and says so', async () => {
    const analyst = await t.login('analyst');
    const started = await t.app.inject({ method: 'POST', url: `/api/v1/connectors/${instanceId}/sync`, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
    expect([started.statusCode, started.json()]).toEqual([202, { started: true, detail: 'Sync started.' }]);
  });

  it('creating a connection refuses streams the connector does not have, and keeps the ones it does', async () => {
    const admin = await t.login('admin');
    const create = (name: string, streams: string[]) =>
      t.app.inject({ method: 'POST', url: '/api/v1/connectors', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { provider: 'slack', name, config: { auditToken: 'xoxp-0000000000-test', adminToken: 'xoxp-0000000000-test', enterpriseId: 'E0TESTORG' }, streams } });
    const wrong = await create('slack-wrong', ['activities', 'nope']);
    expect([wrong.statusCode, wrong.json().detail]).toEqual([422, 'Unknown streams: nope']);
    const right = await create('slack-audit', ['activities', 'accounts']);
    expect(right.statusCode, right.body).toBe(201);
    expect((right.json().streams as { stream: string; collected: boolean }[]).filter((s) => s.collected).map((s) => s.stream)).toEqual(['accounts', 'activities']);
  });
});
