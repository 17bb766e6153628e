import type { Alert } from '../core/alert.js';
import { errorMessage } from '../core/errors.js';
import type { Activity } from '../core/activity.js';
import { readActivitiesAfter, readActivityIdsAfter } from '../store/repos/activities.js';
import { getCursor } from '../store/repos/detection-cursor.js';
import { createDetectionEngine, type CreateDetectionEngineOptions, type DetectionService } from './create-engine.js';
import { emptyPageStats, type PageStats } from './engine.js';

/** The cursor row detection keeps in `detection_cursor`. */
export const DETECTION_CONSUMER = 'detection';

export interface DetectionConsumerOptions extends CreateDetectionEngineOptions {
  /** Activities read per engine transaction. @default 2000 */
  batchSize?: number;
  /** Called with the alerts a run created (the CLI logs them; the server may notify). */
  onAlerts?: (created: readonly Alert[]) => void;
}

export interface ConsumerRun {
  /** False when detection failed; the cursor stayed where the last committed batch left it. */
  ok: boolean;
  error: string | null;
  /** Where the cursor is now (an `activities.ingest_seq`). */
  position: number;
  stats: PageStats & { batches: number };
}

export interface DetectionConsumer {
  /**
   * Evaluates every stored activity past the cursor, oldest ingest first; each batch commits its alerts,
   * state and the cursor in one transaction. Never throws: a failure is logged and the next run retries
   * from the cursor. Concurrent calls share one run (and one more run follows if a call came in meanwhile).
   *
   * `committed`: activities this process just stored (the page the sync committed). The cursor stays the
   * truth: the run still reads which activities follow it (ids and sequence numbers only), and evaluates
   * these objects instead of reading the rows back only when they are exactly the stored ones that follow;
   * anything else is read from the store.
   */
  run(committed?: readonly Activity[]): Promise<ConsumerRun>;
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
  let service: Promise<DetectionService> | undefined;
  let running: Promise<ConsumerRun> | null = null;
  let again = false;
  // Activities handed by run(committed) and not yet evaluated, by id.
  const handed = new Map<string, Activity>();

  /** The batch after `position`: the handed objects when they are exactly the rows that follow, else the rows. */
  const readBatch = async (position: number): Promise<{ seq: number; activity: Activity }[]> => {
    if (handed.size > 0) {
      const ids = await readActivityIdsAfter(db, position, batchSize);
      const rows: { seq: number; activity: Activity }[] = [];
      for (const { seq, id } of ids) {
        const activity = handed.get(id);
        if (!activity) break;
        rows.push({ seq, activity });
      }
      if (rows.length === ids.length) {
        for (const { activity } of rows) handed.delete(activity.id);
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

  const once = async (): Promise<ConsumerRun> => {
    const stats = { ...emptyPageStats(), batches: 0 };
    let position = 0;
    try {
      position = await getCursor(db, DETECTION_CONSUMER);
      const detection = await getService();
      for (;;) {
        const rows = await readBatch(position);
        if (rows.length === 0) break;
        let moved = false;
        // One engine transaction per run of consecutive activities of one connector (its watermark).
        for (let i = 0; i < rows.length && !moved; ) {
          const instance = rows[i]?.activity.connectorInstanceId as string;
          let j = i;
          while (j < rows.length && rows[j]?.activity.connectorInstanceId === instance) j++;
          const slice = rows.slice(i, j);
          const end = slice.at(-1)?.seq as number;
          const result = await detection.processPage(instance, slice.map((r) => r.activity), { consumer: DETECTION_CONSUMER, from: position, position: end });
          if (result.moved) {
            // Another process evaluated this range meanwhile: continue from where it left the cursor.
            position = await getCursor(db, DETECTION_CONSUMER);
            moved = true;
            break;
          }
          for (const key of Object.keys(result.stats) as (keyof PageStats)[]) stats[key] += result.stats[key];
          stats.batches++;
          position = end;
          const created = result.stats.alertsCreated > 0 ? result.alerts.filter((a) => a.createdAt === a.updatedAt) : [];
          if (created.length) options.onAlerts?.(created);
          i = j;
        }
        if (!moved && rows.length < batchSize) break;
      }
      return { ok: true, error: null, position, stats };
    } catch (error) {
      const message = errorMessage(error);
      log?.error({ err: message, position }, 'detection failed; the activities stay stored and are evaluated on the next run');
      return { ok: false, error: message, position, stats };
    }
  };

  const run = (committed?: readonly Activity[]): Promise<ConsumerRun> => {
    for (const a of committed ?? []) handed.set(a.id, a);
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

  return { run, service: getService };
}
