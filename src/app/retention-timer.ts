import type { Logger } from 'pino';
import { DAY, MINUTE, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { purgeActivities, retentionCutoff, type RetentionResult } from '../store/repos/activity-retention.js';

export interface RetentionTimerOptions {
  db: Db;
  days: number;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
  /** First purge after start-up (so it never competes with the first syncs). @default 5 minutes */
  firstDelayMs?: number;
  /** @default one day */
  everyMs?: number;
}

/** `parapet serve`'s daily retention purge (PARAPET_RETENTION_DAYS). A failed purge is logged and retried the next day. */
export function startRetentionTimer(options: RetentionTimerOptions): { stop(): Promise<void>; runs(): number } {
  const cutoffFor = () => retentionCutoff(options.days, options.clock.now());
  cutoffFor(); // refuses a bad retention at start-up, not a day later
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<RetentionResult | void> | null = null;
  let stopped = false;
  let completed = 0;
  const run = () => {
    running = purgeActivities(options.db, { cutoff: cutoffFor() })
      .then((result) => {
        completed++;
        options.logger.info({ retentionDays: options.days, ...result }, `retention: deleted ${result.deleted} activities older than ${options.days} days (kept ${result.keptAsEvidence} cited as alert evidence, ${result.keptUnevaluated} not yet evaluated)`);
      })
      .catch((error: unknown) => options.logger.error({ err: errorMessage(error) }, `retention: the purge failed and runs again in a day: ${errorMessage(error)}`))
      .finally(() => {
        running = null;
        if (!stopped) schedule(options.everyMs ?? DAY);
      });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? 5 * MINUTE);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    runs: () => completed,
  };
}
