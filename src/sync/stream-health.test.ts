import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { DAY, HOUR, type Clock } from '../core/clock.js';
import microsoft365 from '../connectors/microsoft365/index.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../connectors/microsoft365/simulator/index.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import { openStore, type Store } from '../store/db.js';
import { countActivities } from '../store/repos/activities.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { connectionHealth, DEFAULT_HEALTH_THRESHOLDS, healthAlerts, type StreamHealth } from './stream-health.js';
import { SyncService } from './sync-service.js';
import { registryOf } from '../connectors/sdk/registry-of.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const connector = microsoft365 as AnyConnector;

describeDialects('stream health: completeness per connection and stream', (dialect) => {
  const database = useTestDatabase(dialect);
  let sim: RunningM365Simulator;
  let store: Store;
  let dir: ReturnType<typeof tempDir>;
  let sync: SyncService;
  let instanceId: string;
  /** The tenant's clock, running in real time so rate-limit waits elapse. */
  let clock: Clock;

  beforeAll(async () => {
    sim = await microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000, lateBlobShare: 0.15, lateBlobMaxDelayMs: DAY, lateSignInShare: 0.05 });
    dir = tempDir('parapet-health-');
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    const started = Date.now();
    clock = { now: () => sim.now() + (Date.now() - started) };
    const instance = await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: clock.now() });
    instanceId = instance.id;
    sync = new SyncService({ store, registry: registryOf([connector]), logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
  });
  afterAll(async () => {
    await store.close();
    dir.cleanup();
    await sim.close();
  });

  const activities = async (now = clock.now()): Promise<StreamHealth> => {
    const health = await connectionHealth(store.db, connector, instanceId, now);
    const stream = health.find((h) => h.stream === 'activities');
    if (!stream) throw new Error('no activities stream in the health report');
    return stream;
  };

  it('after a first sync: newest event, lag, volume against the usual, nothing late, no alert', async () => {
    const summary = await sync.syncInstance('m365');
    expect(summary.ok).toBe(true);
    const health = await connectionHealth(store.db, connector, instanceId, clock.now());
    expect(health.map((h) => h.stream).sort()).toEqual(Object.keys(connector.streams).sort());
    const stream = await activities();
    expect(stream.newestEventAt).not.toBeNull();
    expect(stream.newestEventAt ?? 0).toBeLessThanOrEqual(sim.now());
    expect(stream.lagSeconds ?? Infinity).toBeLessThan(6 * 3600);
    expect(stream.eventsLastDay ?? 0).toBeGreaterThan(100);
    expect(stream.usualEventsPerDay ?? 0).toBeGreaterThan(100);
    expect(stream.recordsLastRun ?? 0).toBeGreaterThan(1000);
    expect(stream.lateArrivals).toBe(0);
    expect(stream.lastError).toBeNull();
    expect(health.flatMap((h) => h.alerts)).toEqual([]);
  });

  it('a later poll reports late arrivals with their worst delay, and the retries it needed', async () => {
    await sim.advance(7 * HOUR);
    sim.faults.add({ kind: 'server-error', path: '/activity/feed/audit/', times: 2 });
    const summary = await sync.syncInstance('m365', { kinds: ['incremental'] });
    expect(summary.ok).toBe(true);
    expect(sim.faults.injected['server-error']).toBe(2);
    const stream = await activities();
    expect(stream.lateArrivals).toBeGreaterThan(10);
    // Late blobs are listed 2 hours or more after they were created.
    expect(stream.worstLateSeconds).toBeGreaterThan(2 * 3600);
    expect(stream.pagesRetried).toBeGreaterThanOrEqual(2);
  });

  it('a full re-read counts what the store absorbed as duplicates and stores nothing twice', async () => {
    const before = await countActivities(store.db, instanceId);
    const { duplicatesAbsorbed } = await activities();
    await sync.syncInstance('m365', { kinds: ['incremental'], full: true });
    expect(await countActivities(store.db, instanceId)).toBe(before);
    expect((await activities()).duplicatesAbsorbed - duplicatesAbsorbed).toBeGreaterThan(before * 0.9);
  });

  it('alerts when the source goes silent and when the stream falls behind', async () => {
    const later = clock.now() + 3 * DAY;
    const stream = await activities(later);
    expect(stream.alerts.map((a) => a.kind).sort()).toEqual(['behind', 'silent']);
    expect(stream.alerts.find((a) => a.kind === 'silent')?.message).toMatch(/no event for 7\d\.\d h.*audit logging/);
    expect(stream.alerts.find((a) => a.kind === 'behind')?.message).toMatch(/has not completed a run for 7\d\.\d h/);
  });

  it('keeps quiet nights quiet: a usually busy source is silent only after the minimum silence', () => {
    const now = Date.parse('2026-01-01T08:00:00Z');
    const base = { stream: 'activities', kind: 'incremental' as const, lastSuccessAt: now - 60_000, usualEventsPerDay: 2000 };
    expect(healthAlerts({ ...base, newestEventAt: now - 3 * HOUR }, now)).toEqual([]);
    expect(healthAlerts({ ...base, newestEventAt: now - 5 * HOUR }, now).map((a) => a.kind)).toEqual(['silent']);
    // A source with 2 events a day is silent after ten of its 12-hour gaps, not after 4 hours.
    expect(healthAlerts({ ...base, usualEventsPerDay: 2, newestEventAt: now - 2 * DAY }, now)).toEqual([]);
    expect(healthAlerts({ ...base, kind: 'snapshot', newestEventAt: null, usualEventsPerDay: null, lastSuccessAt: null }, now).map((a) => a.kind)).toEqual(['behind']);
  });

  it('a stretch of the week that was quiet a week before is not silent; one that was busy is', () => {
    const now = Date.parse('2026-01-03T08:00:00Z'); // a Saturday morning
    const base = { stream: 'activities', kind: 'incremental' as const, lastSuccessAt: now - 60_000, usualEventsPerDay: 2000, newestEventAt: now - 9 * HOUR };
    expect(healthAlerts({ ...base, quietHoursWeekBefore: 9 }, now)).toEqual([]);
    expect(healthAlerts({ ...base, quietHoursWeekBefore: 10 }, now).map((a) => a.message)).toEqual([
      'activities has delivered no event for 9.0 h, though it usually delivers 2000 a day and the same hours a week before brought 10 (silent after 4.0 h): check that the app\'s audit logging is still on and the connector\'s permissions still hold.',
    ]);
  });

  it('a snapshot stream is behind only past its schedule', () => {
    const now = Date.parse('2026-01-01T08:00:00Z');
    const snapshot = { stream: 'accounts', kind: 'snapshot' as const, newestEventAt: null, usualEventsPerDay: null };
    expect(healthAlerts({ ...snapshot, lastSuccessAt: now - 13 * HOUR }, now)).toEqual([]);
    expect(healthAlerts({ ...snapshot, lastSuccessAt: now - 15 * HOUR }, now).map((a) => a.message)).toEqual([
      "accounts has not completed a run for 15.0 h (limit 14.0 h): check the connection's last error and that the scheduler is running.",
    ]);
    expect(healthAlerts({ ...snapshot, lastSuccessAt: now - 25 * HOUR }, now, { ...DEFAULT_HEALTH_THRESHOLDS, snapshotEveryMs: 24 * HOUR })).toEqual([]);
  });
});
