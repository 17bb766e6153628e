import type { Alert } from '../core/alert.js';
import { errorMessage } from '../core/errors.js';
import type { Activity } from '../core/activity.js';
import { readActivitiesAfter, readActivitySeqsAfter, type WrittenPage } from '../store/repos/activities.js';
import { getCursor } from '../store/repos/detection-cursor.js';
import { connectorRuns } from './connector-runs.js';
import { createDetectionEngine, type CreateDetectionEngineOptions, type DetectionService } from './create-engine.js';
import { emptyPageStats, type PageStats } from './engine.js';

/** The cursor row detection keeps in `detection_cursor`. */
export const DETECTION_CONSUMER = 'detection';

/** How long a consumer stores state with every batch after it saw another writer (ms). */
const SHARED_MS = 60_000;

export interface DetectionConsumerOptions extends CreateDetectionEngineOptions {
  /** Activities read per engine transaction. @default 2000 */
  batchSize?: number;
  /**
   * How often policy state is stored: after this many batches, once this long (ms) has passed since it last
   * was, or once this much (bytes of JSON) is held, whichever comes first; in between it is kept in memory
   * and, after a crash, rebuilt by evaluating the activities since again (raising nothing). Every batch
   * stores it while another process is evaluating too. @default { batches: 50, ms: 15_000, bytes: 32 MiB }
   */
  stateFlush?: { batches?: number; ms?: number; bytes?: number };
  /** Called with the alerts a run created (the CLI logs them; the server may notify). */
  onAlerts?: (created: readonly Alert[]) => void;
}

export interface ConsumerRun {
  /** False when detection failed; the cursor stayed where the last committed batch left it. */
  ok: boolean;
  error: string | null;
  /** Where the cursor is now (an `activities.ingest_seq`). */
  position: number;
  /** `replayed`: activities evaluated again to rebuild policy state (after a restart, or another writer). */
  stats: PageStats & { batches: number; replayed: number };
}

export interface DetectionConsumer {
  /**
   * Evaluates every stored activity past the cursor, oldest ingest first; each batch commits its alerts,
   * state and the cursor in one transaction. Never throws: a failure is logged and the next run retries
   * from the cursor. Concurrent calls share one run (and one more run follows if a call came in meanwhile).
   *
   * `committed`: activities this process just stored (the page the sync committed), with the ingest sequence
   * numbers they were given. The cursor stays the truth: the run still reads which numbers follow it (from
   * the index alone), and evaluates these objects instead of reading the rows back only when they are exactly
   * the stored ones that follow; anything else is read from the store.
   */
  run(committed?: WrittenPage): Promise<ConsumerRun>;
  /**
   * A run that then stores the policy state held in memory (call before the store closes): without it, the
   * next process rebuilds that state by evaluating the activities since the last flush again.
   */
  flush(): Promise<ConsumerRun>;
  /** The engine service (policies reload, prune); created on the first run. */
  service(): Promise<DetectionService>;
}

/**
 * Detection as a consumer of the stored activity log: it never depends on the sync handing it pages, so a
 * crash or an error between a page's commit and its evaluation loses nothing. Call `run()` after each
 * committed page and once at start-up (catch-up).
 */
export function createDetectionConsumer(options: DetectionConsumerOptions): DetectionConsumer {
  const { db } = options;
  const log = options.logger?.child({ component: 'detection-consumer' });
  const batchSize = options.batchSize ?? 2000;
  const flushEvery = { batches: options.stateFlush?.batches ?? 50, ms: options.stateFlush?.ms ?? 15_000, bytes: options.stateFlush?.bytes ?? 32 * 1024 * 1024 };
  // State held in memory since the last flush: batches, and when it was last stored (this process's clock).
  let heldBatches = 0;
  let storedAt = performance.now();
  // Until then every batch stores state: another process evaluated recently.
  let sharedUntil = 0;
  // The next run stores state, even when it has nothing to evaluate (flush()).
  let flushNext = false;
  // Where this consumer's last run left the cursor (null: it has not run yet).
  let left: number | null = null;
  let service: Promise<DetectionService> | undefined;
  let running: Promise<ConsumerRun> | null = null;
  let again = false;
  // Activities handed by run(committed) and not yet evaluated, by the ingest sequence number they were given.
  const handed = new Map<number, Activity>();

  /** The batch after `position`: the handed objects when they are exactly the rows that follow, else the rows. */
  const readBatch = async (position: number): Promise<{ seq: number; activity: Activity }[]> => {
    if (handed.size > 0) {
      const seqs = await readActivitySeqsAfter(db, position, batchSize);
      const rows: { seq: number; activity: Activity }[] = [];
      for (const seq of seqs) {
        const activity = handed.get(seq);
        if (!activity) break;
        rows.push({ seq, activity });
      }
      if (rows.length === seqs.length) {
        for (const { seq } of rows) handed.delete(seq);
        return rows;
      }
    }
    return readActivitiesAfter(db, position, batchSize);
  };

  const getService = () => {
    service ??= createDetectionEngine(options).catch((error: unknown) => {
      service = undefined;
      throw error;
    });
    return service;
  };

  /**
   * Evaluates again the stored activities after `from` (where stored state is) up to `to` (the cursor), to
   * rebuild the state held in memory when it was lost; their alerts were committed, so nothing is raised.
   */
  const replay = async (detection: DetectionService, from: number, to: number): Promise<number> => {
    let at = from;
    let replayed = 0;
    while (at < to) {
      const rows = (await readActivitiesAfter(db, at, batchSize)).filter((r) => r.seq <= to);
      if (rows.length === 0) {
        // Nothing stored in between any more (removed by retention): state goes on from the cursor.
        await detection.processPage('', [], { consumer: DETECTION_CONSUMER, from: at, position: to, replay: true });
        break;
      }
      for (const { instance, activities, end } of batchRuns(rows)) {
        const result = await detection.processPage(instance, activities, { consumer: DETECTION_CONSUMER, from: at, position: end, replay: true });
        if (result.moved) throw new Error(`detection's cursor is behind its stored state (${end}): the detection_cursor table was edited by hand?`);
        if (result.stateBehind !== undefined) {
          // Another writer changed stored state meanwhile: start again from where it is now.
          at = result.stateBehind;
          break;
        }
        replayed += activities.length;
        at = end;
      }
    }
    return replayed;
  };

  const once = async (): Promise<ConsumerRun> => {
    const stats = { ...emptyPageStats(), batches: 0, replayed: 0 };
    let position = 0;
    const flushing = flushNext;
    flushNext = false;
    try {
      position = await getCursor(db, DETECTION_CONSUMER);
      // Another process evaluated since this one last ran (workers taking turns at the detection job).
      if (left !== null && position !== left) sharedUntil = performance.now() + SHARED_MS;
      const detection = await getService();
      for (;;) {
        const rows = await readBatch(position);
        if (rows.length === 0) break;
        let moved = false;
        for (const { instance, activities, end } of batchRuns(rows)) {
          const clock = performance.now();
          const flushState =
            flushing || heldBatches + 1 >= flushEvery.batches || clock - storedAt >= flushEvery.ms || detection.heldStateBytes() >= flushEvery.bytes || clock < sharedUntil;
          const result = await detection.processPage(instance, activities, { consumer: DETECTION_CONSUMER, from: position, position: end, flushState });
          if (result.moved) {
            // Another process evaluated this range meanwhile: continue from where it left the cursor.
            position = await getCursor(db, DETECTION_CONSUMER);
            sharedUntil = performance.now() + SHARED_MS;
            moved = true;
            break;
          }
          if (result.stateBehind !== undefined) {
            // State held in memory is gone (a restart, another process, an analyst's change to stored state):
            // rebuild it from its last stored point, then evaluate this batch again.
            const replayed = await replay(detection, result.stateBehind, position);
            stats.replayed += replayed;
            log?.info({ from: result.stateBehind, to: position, replayed }, 'detection state rebuilt from its last stored point');
            // What was rebuilt is stored with the next batch.
            heldBatches = flushEvery.batches;
            moved = true;
            break;
          }
          heldBatches = flushState ? 0 : heldBatches + 1;
          if (flushState) storedAt = clock;
          for (const key of Object.keys(result.stats) as (keyof PageStats)[]) stats[key] += result.stats[key];
          stats.batches++;
          position = end;
          const created = result.stats.alertsCreated > 0 ? result.alerts.filter((a) => a.createdAt === a.updatedAt) : [];
          if (created.length) options.onAlerts?.(created);
        }
        if (!moved && rows.length < batchSize) break;
      }
      left = position;
      if (flushing && heldBatches > 0) {
        // Nothing (more) to evaluate: a transaction of its own stores what is held.
        // (Moved or behind: what this process held is not the state any more, and there is nothing to store.)
        await detection.processPage('', [], { consumer: DETECTION_CONSUMER, from: position, position, flushState: true });
        heldBatches = 0;
        storedAt = performance.now();
      }
      return { ok: true, error: null, position, stats };
    } catch (error) {
      left = position;
      const message = errorMessage(error);
      log?.error({ err: message, position }, 'detection failed; the activities stay stored and are evaluated on the next run');
      return { ok: false, error: message, position, stats };
    }
  };

  const run = (committed?: WrittenPage): Promise<ConsumerRun> => {
    if (committed) committed.fresh.forEach((a, i) => handed.set(committed.firstSeq + i, a));
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let result = await once();
      while (again && result.ok) {
        again = false;
        result = await once();
      }
      again = false;
      running = null;
      handed.clear();
      return result;
    })();
    return running;
  };

  const flush = (): Promise<ConsumerRun> => {
    flushNext = true;
    return run();
  };

  return { run, flush, service: getService };
}

/** A batch cut into runs of one connector (one engine transaction each). `end`: the ingest sequence number of the run's last activity. */
function* batchRuns(rows: readonly { seq: number; activity: Activity }[]): Generator<{ instance: string; activities: Activity[]; end: number }> {
  for (const { instance, from, to } of connectorRuns(rows, (r) => r.activity.connectorInstanceId)) {
    yield { instance, activities: rows.slice(from, to).map((r) => r.activity), end: rows[to - 1]?.seq as number };
  }
}
