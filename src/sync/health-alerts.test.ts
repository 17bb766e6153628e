import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { DAY, HOUR, MINUTE, type Clock } from '../core/clock.js';
import docusign from '../connectors/docusign/index.js';
import { docusignSimulator, type RunningDocusignSimulator } from '../connectors/docusign/simulator/index.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import { registryOf } from '../connectors/sdk/registry-of.js';
import { openStore, type Store } from '../store/db.js';
import { listAlerts, setAlertStatus, type AlertHeader } from '../store/repos/alerts.js';
import { createInstance, findInstance, replaceInstanceConfig, setInstanceEnabled } from '../store/repos/connector-instances.js';
import { activityVolume } from '../store/repos/stream-health.js';
import { checkConnectionHealth, HEALTH_POLICIES, HealthMonitor } from './health-alerts.js';
import { Scheduler } from './scheduler.js';
import { DEFAULT_HEALTH_THRESHOLDS } from './stream-health.js';
import { SyncService } from './sync-service.js';

const connector = docusign as AnyConnector;
/** Friday noon: the walk crosses a weekend and its nights to Monday noon. */
const FRIDAY = Date.parse('2025-03-14T12:00:00Z');
const MONDAY = Date.parse('2025-03-17T12:00:00Z');
const SEED = 1;

describeDialects('built-in stream health alerts over a DocuSign sync', (dialect) => {
  const database = useTestDatabase(dialect);
  let sim: RunningDocusignSimulator;
  let store: Store;
  let dir: ReturnType<typeof tempDir>;
  let sync: SyncService;
  let monitor: HealthMonitor;
  let instanceId: string;
  /** Parapet's clock: the frozen tenant's time plus the real time since it was set (rate-limit waits elapse). */
  let base = FRIDAY;
  let setAt = Date.now();
  const clock: Clock = { now: () => base + (Date.now() - setAt) };
  const setNow = (t: number) => {
    base = t;
    setAt = Date.now();
  };
  const logger = pino({ level: 'silent' });

  /** The tenant as it is at `t` (the same seed: the same history, up to a later "now"). */
  const tenantAt = async (t: number) => {
    await sim.close();
    sim = await docusignSimulator.start({ frozenAt: t, seed: SEED, scenarios: [] });
    setNow(t);
    await replaceInstanceConfig(store.db, store.secrets, instanceId, sim.config, t);
  };
  const syncOk = async (kinds?: ('snapshot' | 'incremental')[]) => {
    const summary = await sync.syncInstance(instanceId, kinds ? { kinds } : {});
    expect(summary.ok, JSON.stringify(summary.streams)).toBe(true);
  };
  const health = async (): Promise<AlertHeader[]> =>
    (await listAlerts(store.db, {})).filter((a) => a.policyId.startsWith('health.')).sort((a, b) => a.createdAt - b.createdAt);
  const summary = (alerts: readonly AlertHeader[]) => alerts.map((a) => `${a.policyId} ${a.subject.key} ${a.status}`);

  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: FRIDAY, seed: SEED, scenarios: [] });
    dir = tempDir('parapet-health-alerts-');
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    setNow(FRIDAY);
    const instance = await createInstance(store.db, store.secrets, { name: 'docusign', provider: 'docusign', config: sim.config, now: clock.now() });
    instanceId = instance.id;
    sync = new SyncService({ store, registry: registryOf([connector]), logger, clock, backfillDays: 9 });
    monitor = new HealthMonitor({ db: store.db, sync, logger, everyMs: 0 });
  });
  afterAll(async () => {
    await store.close();
    dir.cleanup();
    await sim.close();
  });

  it('a healthy stream through quiet nights and a weekend raises nothing', async () => {
    await syncOk();
    expect((await monitor.checkAll(clock.now())).raised).toEqual([]);
    let quietest = 0;
    for (let t = FRIDAY + 4 * HOUR; t <= MONDAY; t += 4 * HOUR) {
      await tenantAt(t);
      await syncOk(t % (12 * HOUR) === 0 ? undefined : ['incremental']);
      const checked = await monitor.checkAll(clock.now());
      expect(checked.raised.map((a) => `${new Date(t).toISOString()} ${a.explanation}`)).toEqual([]);
      const volume = await activityVolume(store.db, instanceId, clock.now());
      quietest = Math.max(quietest, clock.now() - (volume.newestEventAt ?? 0));
    }
    // The walk did cross quiet stretches longer than the minimum silence (4 h): nights and the weekend.
    expect(quietest).toBeGreaterThan(5 * HOUR);
    expect(await health()).toEqual([]);
  });

  it('a steady stream that goes silent while its runs still complete raises exactly one health.source-silent', async () => {
    // The tenant stays at Monday noon: every hourly poll completes and finds nothing new.
    const raisedAt: number[] = [];
    for (let h = 1; h <= 8; h++) {
      setNow(MONDAY + h * HOUR);
      await syncOk(['incremental']);
      const { raised } = await monitor.checkAll(clock.now());
      if (raised.length) raisedAt.push(h);
    }
    expect(raisedAt).toHaveLength(1);
    expect(raisedAt[0]).toBeGreaterThanOrEqual(4);
    const alerts = await health();
    expect(summary(alerts)).toEqual([`health.source-silent activities@${instanceId} open`]);
    const [silent] = alerts as [AlertHeader];
    expect(silent.policyName).toBe(HEALTH_POLICIES.silent.name);
    expect(silent.severity).toBe('medium');
    expect(silent.connectorInstanceId).toBe(instanceId);
    expect(silent.provider).toBe('docusign');
    expect(silent.explanation).toMatch(/^docusign: activities has delivered no event for \d+\.\d h, though it usually delivers \d+ a day and the same hours a week before brought \d+ .*check that the app's audit logging is still on/);
    expect(silent.details).toMatchObject({ connection: 'docusign', stream: 'activities' });
    // A connector with two activity streams counts events per connection: still one silence, on the first.
    const twoStreams = { ...connector, streams: { ...connector.streams, more: connector.streams.activities } } as AnyConnector;
    // (A stream that never ran is behind: not what this checks.)
    const noBehind = { ...DEFAULT_HEALTH_THRESHOLDS, maxBehindMs: 1000 * DAY };
    expect(await checkConnectionHealth(store.db, twoStreams, await findInstance(store.db, instanceId), clock.now(), noBehind)).toEqual({ raised: [], resolved: [] });
  });

  it('runs that stop completing raise exactly one health.source-behind, through the scheduler tick too', async () => {
    const lastRun = MONDAY + 8 * HOUR;
    setNow(lastRun + 90 * MINUTE);
    expect((await monitor.checkAll(clock.now())).raised).toEqual([]);
    setNow(lastRun + 2 * HOUR + MINUTE);
    // `parapet serve`'s scheduler: nothing is due (polls every 3 hours here), its tick runs the health check.
    const scheduler = new Scheduler({ db: store.db, sync, clock, logger, pollMs: 3 * HOUR, snapshotMs: 24 * HOUR, healthCheckMs: 5 * MINUTE });
    await scheduler.tick();
    await scheduler.idle();
    for (let m = 10; m <= 50; m += 10) {
      setNow(lastRun + 2 * HOUR + m * MINUTE);
      await scheduler.tick();
      expect((await monitor.checkAll(clock.now())).raised).toEqual([]);
    }
    expect(summary(await health())).toEqual([`health.source-silent activities@${instanceId} open`, `health.source-behind activities@${instanceId} open`]);
    const behind = (await health())[1] as AlertHeader;
    expect(behind.severity).toBe('medium');
    expect(behind.explanation).toMatch(/^docusign: activities has not completed a run for 2\.\d h \(limit 2\.0 h\): check the connection's last error and that the scheduler is running\.$/);
  });

  it('a dismissed alert is not raised again while the same episode lasts', async () => {
    const behind = (await health())[1] as AlertHeader;
    await setAlertStatus(store.db, behind.id, { status: 'dismissed', resolution: 'benign_true_positive', note: 'maintenance window', now: clock.now() });
    setNow(clock.now() + HOUR);
    expect((await monitor.checkAll(clock.now())).raised).toEqual([]);
    expect(summary(await health())).toEqual([`health.source-silent activities@${instanceId} open`, `health.source-behind activities@${instanceId} dismissed`]);
  });

  it('recovery resolves the open alert with a note; a new episode raises a new alert linked to the closed one', async () => {
    // Tuesday late morning: the tenant delivered the night's and the morning's events.
    await tenantAt(MONDAY + 23 * HOUR);
    await syncOk();
    const { raised, resolved } = await monitor.checkAll(clock.now());
    expect(raised).toEqual([]);
    const [silent, behind] = (await health()) as [AlertHeader, AlertHeader];
    expect(resolved).toEqual([silent.id]);
    expect(summary(await health())).toEqual([`health.source-silent activities@${instanceId} resolved`, `health.source-behind activities@${instanceId} dismissed`]);
    const after = (await health())[0] as AlertHeader;
    expect(after.resolution).toBe('true_positive');
    expect(after.resolutionNote).toMatch(/^Resolved automatically at .*: activities of docusign delivers events again\.$/);
    // A healthy check later changes nothing.
    setNow(clock.now() + 30 * MINUTE);
    expect(await monitor.checkAll(clock.now())).toEqual({ raised: [], resolved: [] });
    // The runs stop again: a new episode.
    setNow(clock.now() + 3 * HOUR);
    const again = await monitor.checkAll(clock.now());
    expect(again.raised.map((a) => [a.policyId, a.subject.key, a.previousAlertId])).toEqual([[HEALTH_POLICIES.behind.id, `activities@${instanceId}`, behind.id]]);
    // Disabling the connection resolves its open health alerts and raises none.
    await setInstanceEnabled(store.db, instanceId, false, clock.now());
    setNow(clock.now() + DAY);
    expect(await monitor.checkAll(clock.now())).toEqual({ raised: [], resolved: again.raised.map((a) => a.id) });
    expect((await health()).at(-1)?.resolutionNote).toMatch(/^Resolved automatically at .*: the connection docusign is disabled, so its health is no longer checked\.$/);
  });
});
