import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, systemClock } from '../../../core/clock.js';
import { AuthError, ProviderError, RateLimitedError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import type { ConnectorRuntime, SnapshotStream } from '../../sdk/define-connector.js';
import { HttpClient } from '../../sdk/http-client.js';
import { RateLimitGovernor } from '../../sdk/rate-limit-governor.js';
import salesforce from '../index.js';
import { eventLogsStream } from '../streams/event-logs.js';
import { salesforceSimulator, type RunningSalesforceSimulator } from './index.js';

const silent = pino({ level: 'silent' });

describe('Salesforce simulator and client, over HTTP', () => {
  let sim: RunningSalesforceSimulator;
  const session = (config = sim.config, runtime = runtimeFor(salesforce, config)) => ({ runtime, session: salesforce.createSession(config, runtime) });

  beforeAll(async () => {
    sim = await salesforceSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, pageSize: 25 });
  });
  afterAll(async () => sim.close());

  it('verifies the JWT assertion: a key that is not the certificate\'s, an unknown consumer key, a user not pre-authorised', async () => {
    const cases = [
      { config: sim.badCredentialConfig, words: 'private key must match the certificate' },
      { config: { ...sim.config, consumerKey: `3MVG9${'x'.repeat(40)}` }, words: 'Consumer Key is not a connected app' },
      { config: { ...sim.config, username: sim.tenant().users[4]!.username }, words: 'not pre-authorised on the connected app' },
    ];
    for (const { config, words } of cases) {
      const { session: s } = session(config);
      const error = await s.auth.session().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toContain(words);
      expect((error as Error).message).not.toContain(config.privateKey.split('\n')[1]);
    }
  });

  it('pages SOQL with relative nextRecordsUrl (locator-offset) and totalSize as the full count', async () => {
    const { session: s } = session();
    const first = await s.client.queryPage({ soql: 'SELECT Id, Username FROM User' });
    expect(first.records).toHaveLength(25);
    expect(first.totalSize).toBe(sim.tenant().users.length);
    expect(first.done).toBe(false);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]+-25$/);
    expect(first.records[0]).toMatchObject({ attributes: { type: 'User' } });
    const all = await s.client.rows('SELECT Id, Profile.Name FROM User');
    expect(all.map((u) => u.Id)).toEqual(sim.tenant().users.map((u) => u.id).sort());
    expect(all[0]).toMatchObject({ Profile: { attributes: { type: 'Profile' } } });
  });

  it('words SOQL errors as Salesforce does (a JSON array with errorCode) and names the fix', async () => {
    const { session: s } = session();
    const error = await s.client.queryPage({ soql: 'SELECT Id, Nope FROM User' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).providerCode).toBe('INVALID_FIELD');
    expect((error as Error).message).toContain("No such column 'Nope'");
  });

  it('feeds Sforce-Limit-Info into the governor, and a spent daily allocation fails at once instead of retrying', async () => {
    const limited = await salesforceSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, dailyApiRequests: 3, scenarios: [] });
    try {
      const { session: s, runtime } = session(limited.config);
      await s.client.queryPage({ soql: 'SELECT Id FROM User' });
      expect(runtime.http.governor.snapshot()).toMatchObject({ limit: 3, remaining: 2 });
      await s.client.queryPage({ soql: 'SELECT Id FROM User' });
      await s.client.queryPage({ soql: 'SELECT Id FROM User' });
      const sent = runtime.http.requestsSent;
      const error = await s.client.queryPage({ soql: 'SELECT Id FROM User' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as Error).message).toContain('daily API allocation');
      expect(runtime.http.requestsSent - sent).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('streams an Event Log File larger than the client would ever hold in memory', async () => {
    const runtime: ConnectorRuntime = {
      http: new HttpClient({ allowedHosts: ['loopback'], governor: new RateLimitGovernor(salesforce.rateLimit), maxBodyBytes: 2048, ...salesforce.httpPolicy }),
      logger: silent,
      clock: systemClock,
    };
    const { session: s } = session(sim.config, runtime);
    const [file] = await s.client.rows("SELECT Id, LogFileLength FROM EventLogFile WHERE EventType = 'Report' ORDER BY LogFileLength DESC LIMIT 1");
    expect(Number(file?.LogFileLength)).toBeGreaterThan(2048);
    const rows: Record<string, string>[] = [];
    for await (const row of s.client.eventLogRows(String(file?.Id))) rows.push(row);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0]).toMatchObject({ EVENT_TYPE: 'Report' });
    // A JSON answer of that size is refused: only the streamed body is exempt from the cap.
    await expect(s.client.rows('SELECT Id, Username, Email, Name, Profile.Name FROM User')).rejects.toThrow(/larger than 2048 bytes/);
  });

  it('resumes inside a half-read Event Log File without delivering its first rows again', async () => {
    const config = { ...sim.config, eventLogPageRows: 7 };
    const read = async (checkpoint: string | null, maxPages = Infinity) => {
      const { session: s, runtime } = session(config);
      const ids: string[] = [];
      let last = checkpoint;
      let pages = 0;
      for await (const page of eventLogsStream.read(s, runtime, { checkpoint, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) {
        ids.push(...page.records.map((r) => `${(r as Record<string, string>).EVENT_TYPE}:${(r as Record<string, string>).REQUEST_ID}`));
        last = page.checkpoint;
        if (++pages >= maxPages) break;
      }
      return { ids, last };
    };
    const whole = await read(null);
    const first = await read(null, 3);
    expect(JSON.parse(first.last ?? '{}').file).toMatchObject({ row: expect.any(Number) });
    const rest = await read(first.last);
    expect([...first.ids, ...rest.ids]).toEqual(whole.ids);
  });

  it('late events: a Daily file written hours after its day is read on the next sync, although its events are older than the checkpoint', async () => {
    const early = CONFORMANCE_NOW - 11 * 3_600_000; // 01:00 UTC: yesterday's files are not written yet
    const before = await salesforceSimulator.start({ seed: 3, frozenAt: early, scenarios: [] });
    const after = await salesforceSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      const read = async (target: RunningSalesforceSimulator, checkpoint: string | null) => {
        const { session: s, runtime } = session(target.config);
        const rows: Record<string, string>[] = [];
        let last = checkpoint;
        for await (const page of eventLogsStream.read(s, runtime, { checkpoint, backfillFrom: early - 7 * DAY })) {
          rows.push(...(page.records as Record<string, string>[]));
          last = page.checkpoint;
        }
        return { rows, last };
      };
      const first = await read(before, null);
      const second = await read(after, first.last);
      expect(second.rows.length).toBeGreaterThan(0);
      const yesterday = new Date(early - DAY).toISOString().slice(0, 10);
      // Everything the second sync brings happened before the first one ran: the whole of yesterday's files.
      expect(new Set(second.rows.map((r) => r.TIMESTAMP_DERIVED?.slice(0, 10)))).toEqual(new Set([yesterday]));
      const firstIds = new Set(first.rows.map((r) => `${r.EVENT_TYPE}:${r.REQUEST_ID}`));
      expect(second.rows.filter((r) => firstIds.has(`${r.EVENT_TYPE}:${r.REQUEST_ID}`))).toEqual([]);
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('posture drift: weakening the org turns SF-01..04 from pass to fail', async () => {
    const drifting = await salesforceSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      const evaluate = async () => {
        const { session: s, runtime } = session(drifting.config);
        const records = [];
        for await (const page of (salesforce.streams.settings as SnapshotStream<unknown>).read(s, runtime)) records.push(...(page as { key: string; value: Record<string, unknown> }[]));
        const snapshot = Object.fromEntries(records.map((r) => [r.key, r.value]));
        return Object.fromEntries(salesforce.postureChecks!.map((c) => [c.id, c.evaluate(snapshot).status]));
      };
      expect(await evaluate()).toEqual({ 'SF-01': 'pass', 'SF-02': 'pass', 'SF-03': 'pass', 'SF-04': 'pass', 'SF-05': 'pass' });
      expect(drifting.weakenPosture().map((c) => c.setting)).toEqual(['Timeout value', 'Maximum invalid login attempts']);
      expect(await evaluate()).toEqual({ 'SF-01': 'fail', 'SF-02': 'fail', 'SF-03': 'fail', 'SF-04': 'fail', 'SF-05': 'pass' });
    } finally {
      await drifting.close();
    }
  });

  it('an org without Event Monitoring: the event-log stream yields nothing and test names the licence', async () => {
    const plain = await salesforceSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, eventMonitoring: false, scenarios: [] });
    try {
      const { session: s, runtime } = session(plain.config);
      const pages = [];
      for await (const page of eventLogsStream.read(s, runtime, { checkpoint: null, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) pages.push(page);
      expect(pages).toEqual([]);
      const result = await salesforce.testConnection(s, runtime);
      expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['event-monitoring']);
      expect(result.checks.find((c) => c.name === 'event-monitoring')?.detail).toContain('Event Monitoring (Salesforce Shield');
    } finally {
      await plain.close();
    }
  });
});
