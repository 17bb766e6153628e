import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { manualClock, MINUTE } from '../core/clock.js';
import type { AnyConnector, IncrementalStream, SnapshotStream } from '../connectors/sdk/define-connector.js';
import { registryOf } from '../connectors/sdk/registry-of.js';
import { secretValues } from '../connectors/sdk/runtime.js';
import { readInstanceConfig, setInstanceEnabled } from '../store/repos/connector-instances.js';
import { Scheduler } from './scheduler.js';
import { SyncService, type SyncSummary } from './sync-service.js';
import { connectorWithStreams, useInstanceStore } from '../../test/helpers/test-connector.js';

const POLL = 5 * MINUTE;
const SNAPSHOT = 60 * MINUTE;

const clock = manualClock(Date.UTC(2026, 10, 20));
describeDialects('scheduler', (dialect) => {
  const bed = useInstanceStore(clock, dialect);

  /** Streams that count their runs; the activity read waits for `gate` when one is set, and can be made to fail. */
  function counted() {
    const runs = { activities: 0, settings: 0 };
    let gate: Promise<void> | null = null;
    let fail = false;
    const activities: IncrementalStream<unknown> = {
      kind: 'incremental',
      entity: 'activities',
      async *read() {
        runs.activities++;
        if (gate) await gate;
        if (fail) throw new Error('provider down');
        yield { records: [], checkpoint: String(runs.activities) };
      },
    };
    const settings: SnapshotStream<unknown> = {
      kind: 'snapshot',
      entity: 'settings',
      async *read() {
        runs.settings++;
        yield [];
      },
    };
    return {
      runs,
      streams: { activities, settings },
      hold: () => {
        let release = () => undefined as void;
        gate = new Promise<void>((r) => (release = r));
        return () => {
          gate = null;
          release();
        };
      },
      setFailing: (value: boolean) => {
        fail = value;
      },
    };
  }

  function scheduler(streams: ReturnType<typeof counted>['streams'], onSynced?: (s: SyncSummary) => void, periodic?: { tick(now: number): Promise<void> }[]) {
    const { registry } = connectorWithStreams(streams);
    const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
    return new Scheduler({ db: bed.store().db, sync, clock, logger: pino({ level: 'silent' }), pollMs: POLL, snapshotMs: SNAPSHOT, ...(onSynced ? { onSynced } : {}), ...(periodic ? { periodic } : {}) });
  }

  describe('Scheduler', () => {
    /** Waits (on real time, bounded) until `done` holds; these tests assert order, never speed. */
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 2000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(done()).toBe(true);
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

    it('polls activities every pollMs and snapshots every snapshotMs, and nothing in between', async () => {
      const s = counted();
      const summaries: SyncSummary[] = [];
      const sched = scheduler(s.streams, (summary) => summaries.push(summary));
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 1, settings: 1 });
      clock.advance(POLL - 1);
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 1, settings: 1 });
      clock.advance(1);
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 2, settings: 1 });
      clock.advance(SNAPSHOT);
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 3, settings: 2 });
      expect(summaries.map((x) => x.ok)).toEqual([true, true, true]);
      await sched.stop();
    });

    it('runs one sync per instance at a time: a tick during a run starts nothing', async () => {
      const s = counted();
      const sched = scheduler(s.streams);
      const release = s.hold();
      await sched.tick();
      // Wait until the run reached its activities (held there): on a loaded machine that takes more than a moment.
      for (let waited = 0; s.runs.activities === 0 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      clock.advance(2 * SNAPSHOT);
      await sched.tick();
      expect(s.runs.activities).toBe(1);
      release();
      await sched.idle();
      expect(s.runs.activities).toBe(1);
      await sched.stop();
    });

    it('syncNow waits for the run in progress, ticks start nothing while it is queued or running, and onSynced sees it', async () => {
      const s = counted();
      const summaries: SyncSummary[] = [];
      const sched = scheduler(s.streams, (summary) => summaries.push(summary));
      const release = s.hold();
      await sched.tick();
      for (let waited = 0; s.runs.activities === 0 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      const now = sched.syncNow(bed.instanceId(), ['snapshot']);
      await new Promise((r) => setTimeout(r, 50));
      // Queued behind the held run: its snapshot has not started a second time.
      expect(s.runs).toEqual({ activities: 1, settings: 1 });
      release();
      expect((await now).streams.map((o) => o.stream)).toEqual(['settings']);
      expect(s.runs).toEqual({ activities: 1, settings: 2 });
      clock.advance(2 * SNAPSHOT);
      const later = sched.syncNow(bed.instanceId(), ['snapshot']);
      await sched.tick();
      await later;
      await sched.idle();
      // The tick saw the queued run and started nothing beside it.
      expect(s.runs).toEqual({ activities: 1, settings: 3 });
      await sched.tick();
      await sched.idle();
      // Then only the activities were due: the snapshot syncNow took counts as the latest.
      expect(s.runs).toEqual({ activities: 2, settings: 3 });
      expect(summaries.map((x) => x.streams.map((o) => o.stream).join('+'))).toEqual(['settings+activities', 'settings', 'settings', 'activities']);
      await sched.stop();
    });

    it('runs the periodic work (governance\'s sweep) on every tick, with the tick\'s time', async () => {
      const ticks: number[] = [];
      const sched = scheduler(counted().streams, undefined, [{ tick: async (now) => void ticks.push(now) }]);
      await sched.tick();
      clock.advance(MINUTE);
      await sched.tick();
      await sched.idle();
      expect(ticks).toEqual([clock.now() - MINUTE, clock.now()]);
      await sched.stop();
    });

    it('skips a disabled instance, and picks it up again once enabled', async () => {
      const s = counted();
      const sched = scheduler(s.streams);
      await setInstanceEnabled(bed.store().db, bed.instanceId(), false, clock.now());
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 0, settings: 0 });
      await setInstanceEnabled(bed.store().db, bed.instanceId(), true, clock.now());
      await sched.tick();
      await sched.idle();
      expect(s.runs).toEqual({ activities: 1, settings: 1 });
      await sched.stop();
    });

    it('retries a failed run at the poll interval, not on every tick', async () => {
      const s = counted();
      const summaries: SyncSummary[] = [];
      const sched = scheduler(s.streams, (summary) => summaries.push(summary));
      s.setFailing(true);
      await sched.tick();
      await sched.idle();
      await sched.tick();
      await sched.idle();
      expect(s.runs.activities).toBe(1);
      expect(summaries.map((x) => x.ok)).toEqual([false]);
      s.setFailing(false);
      clock.advance(POLL);
      await sched.tick();
      await sched.idle();
      expect(s.runs.activities).toBe(2);
      expect(summaries.map((x) => x.ok)).toEqual([false, true]);
      await sched.stop();
    });

    it("logs a run that fails before its streams start without the connection's secrets (issue 9 item 11)", async () => {
      // A connector whose session cannot be made and whose error echoes its config, as a library might.
      const { connector } = connectorWithStreams(counted().streams);
      const echoing = { ...connector, createSession: (config: unknown) => { throw new Error(`cannot use this key: ${JSON.stringify(config)}`); } } as AnyConnector;
      let logged = '';
      const sink = new Writable({ write: (chunk, _encoding, done) => ((logged += String(chunk)), done()) });
      const logger = pino({ level: 'info' }, sink);
      const sync = new SyncService({ store: bed.store(), registry: registryOf([echoing]), logger, clock, backfillDays: 7 });
      const sched = new Scheduler({ db: bed.store().db, sync, clock, logger, pollMs: POLL, snapshotMs: SNAPSHOT });
      await sched.tick();
      await sched.idle();
      await sched.stop();
      const config = await readInstanceConfig(bed.store().db, bed.store().secrets, bed.instanceId());
      const secrets = secretValues(echoing, config);
      expect(secrets.length).toBeGreaterThan(1);
      expect(logged).toContain('sync failed');
      expect(logged).toContain('cannot use this key');
      expect(secrets.filter((secret) => logged.includes(secret))).toEqual([]);
      expect(secrets.filter((secret) => logged.includes(JSON.stringify(secret).slice(1, -1)))).toEqual([]);
    });

    it('start ticks on its own until stop, which lets the tick in flight end without another and waits for the run in progress; start again resumes', async () => {
      const work = counted();
      const { registry } = connectorWithStreams(work.streams);
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      let ticks = 0;
      let tickGate: Promise<void> | null = null;
      const periodic = { tick: async () => void (ticks++, await tickGate) };
      const sched = new Scheduler({ db: bed.store().db, sync, clock, logger: pino({ level: 'silent' }), pollMs: POLL, snapshotMs: SNAPSHOT, tickMs: 1, periodic: [periodic] });
      const releaseSync = work.hold();
      sched.start();
      await until(() => work.runs.activities === 1 && ticks >= 3);
      // Stop while a tick is in flight: when it ends, no other is scheduled.
      let releaseTick = () => undefined as void;
      tickGate = new Promise<void>((resolve) => (releaseTick = resolve));
      const inFlight = ticks + 1;
      await until(() => ticks === inFlight);
      let stopped = false;
      const stopping = sched.stop().then(() => (stopped = true));
      tickGate = null;
      releaseTick();
      await pause();
      // The sync in progress is still held: stop waits for it.
      expect([stopped, ticks]).toEqual([false, inFlight]);
      releaseSync();
      await stopping;
      await pause();
      expect(ticks).toBe(inFlight);

      sched.start();
      await until(() => ticks >= inFlight + 3);
      await sched.stop();
    });

    it('stop waits for the tick in flight, so that the store can close after it', async () => {
      // serve's shutdown: scheduler.stop(), then the store closes; a tick still querying it rejected after the close.
      const s = counted();
      let releaseTick = () => undefined as void;
      const tickGate = new Promise<void>((resolve) => (releaseTick = resolve));
      const tickSteps: string[] = [];
      const periodic = { tick: async () => void (tickSteps.push('started'), await tickGate, tickSteps.push('ended')) };
      const sched = scheduler(s.streams, undefined, [periodic]);
      sched.start();
      await until(() => tickSteps.length === 1);
      await sched.idle();
      let stopped = false;
      const stopping = sched.stop().then(() => (stopped = true));
      await pause();
      expect([stopped, tickSteps]).toEqual([false, ['started']]);
      releaseTick();
      await stopping;
      expect(tickSteps).toEqual(['started', 'ended']);
    });

    it('a tick that fails is logged and the next one runs; nothing is left unhandled to crash the process', async () => {
      // A tick's query can fail (SQLite busy, PostgreSQL restarting): an unhandled rejection there ends a server.
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        let logged = '';
        const sink = new Writable({ write: (chunk, _encoding, done) => ((logged += String(chunk)), done()) });
        let calls = 0;
        const periodic = {
          tick: async () => {
            calls++;
            if (calls === 1) throw new Error('database is locked');
          },
        };
        const { registry } = connectorWithStreams(counted().streams);
        const logger = pino({ level: 'info' }, sink);
        const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
        const sched = new Scheduler({ db: bed.store().db, sync, clock, logger, pollMs: POLL, snapshotMs: SNAPSHOT, tickMs: 1, periodic: [periodic] });
        sched.start();
        await until(() => calls >= 3);
        await sched.stop();
        await pause();
        expect(unhandled).toEqual([]);
        const lines = logged.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; err?: string });
        expect(lines.filter((line) => line.level >= 50).map((line) => [line.msg, line.err])).toEqual([['scheduler: a tick failed; the next one tries again', 'database is locked']]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  });
});
