import pg from 'pg';
import type { Job, JobHelpers, Runner, TaskList, WorkerUtils } from 'graphile-worker';
import type { AppServices } from '../app/services.js';
import { HOUR, MINUTE } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import { currentSchema, isPostgresUrl } from '../store/dialect.js';
import { hash32 } from '../store/lock-scope.js';
import { lastIngestSeq } from '../store/repos/activities.js';
import { getCursor } from '../store/repos/detection-cursor.js';
import { DETECTION_CONSUMER } from '../detection/consumer.js';
import { GovernanceSweep } from '../governance/governance-sweep.js';
import { HealthMonitor } from '../sync/health-alerts.js';
import { healthThresholdsFor } from '../sync/stream-health.js';
import { dueStreamRuns, type StreamRun } from './due-streams.js';
import { recordExhaustedStreamJob } from './exhausted-jobs.js';
import { SharedRateLimitGovernor } from './shared-governor.js';

export interface WorkerOptions {
  /** Jobs this process runs at once. @default 2 */
  concurrency?: number;
  /** Exit (0) once nothing is due, queued or running, across all workers. */
  exitWhenIdle?: boolean;
  /** How often every worker tries to become the scheduler leader, and the leader schedules. @default 1000 */
  tickMs?: number;
  /** The leader's first retention purge after it became leader (PARAPET_RETENTION_DAYS). @default 5 minutes */
  retentionFirstDelayMs?: number;
}

/** The session advisory lock the scheduler leader holds (single-int form, distinct from the transaction locks). */
const LEADER_LOCK = 0x70617263; // 'parc'
/** Namespace of the session locks by which a worker says its graphile worker ids are alive. */
const ALIVE_NAMESPACE = 0x7077; // 'pw'
/** Namespace of the session lock under which one worker at a time migrates a job queue's schema. */
const MIGRATE_NAMESPACE = 0x706d; // 'pm'
/** A job locked longer than this by a worker id whose alive lock nobody holds belongs to a dead process. */
const DEAD_AFTER_SECONDS = 5;

/**
 * Runs graphile-worker's schema migration under a session advisory lock per queue schema. Its first install
 * takes no lock of its own: workers started together on a new database raced, and one failed with "relation
 * <schema>.known_crontabs does not exist" and exited 1. The lock goes with the session that held it.
 */
export async function migrateJobQueue(url: string, queueSchema: string, migrate: () => Promise<void>): Promise<void> {
  const client = await connectSession(url);
  try {
    await client.query('select pg_advisory_lock($1, $2)', [MIGRATE_NAMESPACE, hash32(queueSchema)]);
    await migrate();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A connection of its own, for session advisory locks (errors are read from its queries, not its events). */
async function connectSession(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export const STREAM_TASK = 'parapet_stream';
const DETECT_TASK = 'parapet_detect';

/** The schema of the job queue beside the store's schema (`graphile_worker` beside `public`). */
export function jobQueueSchema(storeSchema: string | undefined): string {
  return !storeSchema || storeSchema === 'public' ? 'graphile_worker' : `${storeSchema}_jobs`;
}

/**
 * `parapet worker` on PostgreSQL: one of any number of processes sharing the work through a graphile-worker
 * queue in the same database.
 * - Each stream run (connection × stream) is a job in the connection's own named queue, so a connection is
 *   never synced by two workers at once, and jobs of different connections run on every worker in parallel.
 * - Detection is a job too (one queue, job key `parapet:detect`): a committed page asks for a run, and the run
 *   evaluates everything past detection's durable cursor in batches, each moving the cursor in the batch's
 *   transaction (under its own advisory lock), so no activity is evaluated twice or skipped, whichever worker
 *   runs it and whenever one dies.
 * - One worker is the scheduler leader: it holds a session advisory lock; every worker tries to take it every
 *   `tickMs`, so when the leader dies (its connection closes) another takes over within about one tick. The
 *   leader enqueues due stream runs (job key per stream: never twice), asks for detection when the cursor is
 *   behind, releases the jobs of workers that died mid-job, retires a stream job whose workers died on each of
 *   its attempts (the failure shows in the connection's status; the stream runs again when next due), and runs
 *   the stream health check (silent and behind alerts, src/sync/health-alerts.ts).
 * - Rate limits: each connection's token bucket lives in PostgreSQL (shared-governor.ts).
 */
export async function runWorker(services: AppServices, options: WorkerOptions = {}): Promise<void> {
  const config = services.config();
  const url = config.databaseUrl;
  if (!isPostgresUrl(url)) {
    throw new ConfigError(
      'parapet worker needs PostgreSQL: set PARAPET_DATABASE_URL=postgres://... (every worker and `parapet serve` use the same database). With the embedded SQLite database `parapet serve` runs everything in one process.',
    );
  }
  const concurrency = options.concurrency ?? 2;
  const tickMs = options.tickMs ?? 1000;
  const logger = services.logger().child({ component: 'worker', pid: process.pid });
  const store = await services.store();
  services.useGovernors((instanceId, policy) => new SharedRateLimitGovernor(policy, store.db, instanceId, services.clock));
  // Detection runs as a job here, not after each page in the syncing process nor at start-up.
  services.committedHooks.splice(0);
  services.syncOpenedHooks.splice(0);
  const sync = await services.sync();
  const schema = await currentSchema(store.db);
  const queueSchema = jobQueueSchema(schema);
  const { run, makeWorkerUtils, Logger } = await import('graphile-worker');
  const quiet = new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') logger.warn({ queue: scope.label }, message);
  });
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: url, schema: queueSchema, logger: quiet });
  await migrateJobQueue(url, queueSchema, () => utils.migrate());
  const requestDetection = () => utils.addJob(DETECT_TASK, {}, { queueName: 'parapet:detection', jobKey: 'parapet:detect', maxAttempts: 25 });
  services.committedHooks.push(async () => {
    await requestDetection();
  });

  // Session locks: the leader's, and the "alive" locks of this process's graphile worker ids (separate clients:
  // a session that holds a lock would find it free when it asks again).
  const connect = () => connectSession(url);
  const alive = await connect();
  // The session locks die with this connection (a database restart): a worker that lost it exits (1) and its
  // service manager starts it again (Restart=always); meanwhile its jobs are released and run elsewhere.
  let lostDatabase: (() => void) | undefined;
  const lost = new Promise<void>((resolve) => (lostDatabase = resolve));
  alive.removeAllListeners('error');
  alive.on('error', () => lostDatabase?.());
  alive.on('end', () => lostDatabase?.());
  const aliveIds = new Set<string>();
  const markAlive = async (job: Job) => {
    const id = job.locked_by;
    if (!id || aliveIds.has(id)) return;
    aliveIds.add(id);
    await alive.query('select pg_try_advisory_lock($1, $2)', [ALIVE_NAMESPACE, hash32(id)]);
  };

  const taskList: TaskList = {
    [STREAM_TASK]: async (payload: unknown, helpers: JobHelpers) => {
      await markAlive(helpers.job);
      const { instanceId, stream } = payload as { instanceId: string; stream: string };
      const startedAt = Date.now();
      logger.info({ instanceId, stream, jobStartedAt: startedAt }, 'stream job started');
      try {
        const summary = await sync.syncInstance(instanceId, { streams: [stream] });
        const outcome = summary.streams[0];
        logger.info({ instanceId, stream, jobStartedAt: startedAt, jobEndedAt: Date.now(), ok: summary.ok, records: outcome?.records ?? 0, stored: outcome?.stored ?? 0 }, 'stream job finished');
      } catch (error) {
        // A disabled or removed connection, an unreadable config: logged; the scheduler tries again when due.
        logger.error({ instanceId, stream, jobStartedAt: startedAt, jobEndedAt: Date.now(), err: errorMessage(error) }, 'stream job failed');
      }
    },
    [DETECT_TASK]: async (_payload: unknown, helpers: JobHelpers) => {
      await markAlive(helpers.job);
      const startedAt = Date.now();
      try {
        await services.detect();
        logger.info({ jobStartedAt: startedAt, jobEndedAt: Date.now() }, 'detection job finished');
      } catch (error) {
        // Detection itself never throws (a failed batch stays behind the cursor); this is what follows it
        // (governance of new alerts). The leader asks for detection again while the cursor is behind.
        logger.error({ err: errorMessage(error) }, 'detection job failed');
      }
    },
  };
  const runner: Runner = await run({ connectionString: url, schema: queueSchema, concurrency, noHandleSignals: true, pollInterval: 2000, taskList, logger: quiet });
  logger.info({ concurrency, queueSchema }, 'worker started');

  const every = { pollMs: config.pollMinutes * MINUTE, snapshotMs: config.snapshotHours * HOUR };
  const jobsTable = `${pg.escapeIdentifier(queueSchema)}.jobs`;
  let leaderClient: pg.Client | null = null;
  // The daily retention purge (PARAPET_RETENTION_DAYS) runs on the leader only, with `parapet serve`'s timer:
  // one purge a day across all workers; a new leader starts its own day.
  const { startRetentionTimer } = await import('../app/retention-timer.js');
  let retention: ReturnType<typeof startRetentionTimer> | null = null;
  const resign = async () => {
    const client = leaderClient;
    leaderClient = null;
    const timer = retention;
    retention = null;
    await timer?.stop();
    await client?.end().catch(() => undefined);
  };
  const scheduled = async (): Promise<Set<string>> => {
    const { rows } = await alive.query<{ key: string | null }>(`select key from ${jobsTable} where task_identifier = $1`, [STREAM_TASK]);
    return new Set(rows.map((r) => r.key).filter((k): k is string => k !== null));
  };
  const streamKey = (r: StreamRun) => `parapet:stream:${r.instanceId}:${r.stream}`;
  const health = new HealthMonitor({ db: store.db, sync, logger, thresholds: healthThresholdsFor(config) });
  const governanceSweep = new GovernanceSweep({ governance: () => services.governance(), logger });
  const detectionBehind = async () => (await getCursor(store.db, DETECTION_CONSUMER)) < (await lastIngestSeq(store.db));

  const lead = async () => {
    if (!leaderClient) {
      const client = await connect();
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK]);
      if (!rows[0]?.ok) {
        await client.end().catch(() => undefined);
        return;
      }
      client.on('error', () => {
        if (leaderClient === client) void resign();
      });
      leaderClient = client;
      logger.info('became the scheduler leader');
      if (config.retentionDays !== undefined) {
        retention = startRetentionTimer({ db: store.db, days: config.retentionDays, clock: services.clock, logger, ...(options.retentionFirstDelayMs === undefined ? {} : { firstDelayMs: options.retentionFirstDelayMs }) });
      }
    }
    await retireExhaustedStreamJobs();
    const queued = await scheduled();
    for (const due of await dueStreamRuns(store.db, sync, services.clock.now(), every)) {
      if (queued.has(streamKey(due))) continue;
      await utils.addJob(STREAM_TASK, { instanceId: due.instanceId, stream: due.stream }, {
        queueName: `parapet:connection:${due.instanceId}`,
        jobKey: streamKey(due),
        jobKeyMode: 'preserve_run_at',
        priority: due.kind === 'snapshot' ? 0 : 1,
        maxAttempts: 5,
      });
    }
    if (await detectionBehind()) await requestDetection();
    await releaseDeadWorkers(leaderClient);
    // The stream health alerts, as `parapet serve`'s scheduler raises them (at most every few minutes).
    await health.tick(services.clock.now());
    // Approvals that expire and changes the provider did not show yet, as `parapet serve`'s scheduler sweeps them.
    await governanceSweep.tick(services.clock.now());
  };

  /** Stream jobs past their attempts (their workers died each time): surfaced in the connection's status, then run again when due. */
  const retireExhaustedStreamJobs = async () => {
    const { rows } = await alive.query<{ id: string; key: string | null; attempts: number }>(
      `select id, key, attempts from ${jobsTable} where task_identifier = $1 and attempts >= max_attempts and locked_at is null`,
      [STREAM_TASK],
    );
    for (const job of rows) {
      const [, instanceId, stream] = /^parapet:stream:([^:]+):(.+)$/.exec(job.key ?? '') ?? [];
      if (!instanceId || !stream) continue;
      const error = await recordExhaustedStreamJob(store.db, { instanceId, stream, attempts: job.attempts, now: services.clock.now() });
      await utils.completeJobs([job.id]);
      logger.warn({ instanceId, stream, attempts: job.attempts }, `stream job given up by the queue: ${error}`);
    }
  };

  /** Jobs (and connection queues) locked by a worker id whose process no longer holds its alive lock. */
  const releaseDeadWorkers = async (client: pg.Client | null) => {
    if (!client) return;
    const { rows } = await client.query<{ locked_by: string }>(
      `select distinct locked_by from ${jobsTable} where locked_by is not null and locked_at < now() - make_interval(secs => $1)`,
      [DEAD_AFTER_SECONDS],
    );
    const dead: string[] = [];
    for (const { locked_by: id } of rows) {
      const probe = await client.query<{ free: boolean }>('select pg_try_advisory_lock($1, $2) as free', [ALIVE_NAMESPACE, hash32(id)]);
      if (!probe.rows[0]?.free) continue;
      await client.query('select pg_advisory_unlock($1, $2)', [ALIVE_NAMESPACE, hash32(id)]);
      dead.push(id);
    }
    if (dead.length) {
      await utils.forceUnlockWorkers(dead);
      logger.warn({ workers: dead }, 'released the jobs of workers that died; they run again');
    }
  };

  const idle = async () => {
    const { rows } = await alive.query<{ n: number }>(`select count(*)::int as n from ${jobsTable} where task_identifier in ($1, $2) and attempts < max_attempts`, [STREAM_TASK, DETECT_TASK]);
    if ((rows[0]?.n ?? 0) > 0) return false;
    if ((await dueStreamRuns(store.db, sync, services.clock.now(), every)).length > 0) return false;
    return !(await detectionBehind());
  };

  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void (async () => {
      let idleTicks = 0;
      while (!stopping) {
        try {
          await lead();
          if (options.exitWhenIdle) {
            idleTicks = (await idle()) ? idleTicks + 1 : 0;
            // Twice in a row: a leader that was about to enqueue has done so by the next tick.
            if (idleTicks >= 2) return stop();
          }
        } catch (error) {
          logger.error({ err: errorMessage(error) }, 'scheduling failed; trying again');
          await resign();
        }
        await new Promise((r) => setTimeout(r, tickMs));
      }
    })();
  });
  let failed = false;
  await Promise.race([
    stopped,
    runner.promise.catch(() => (failed = true)),
    lost.then(() => (failed = !stopping)),
  ]);
  stopping = true;
  if (failed) {
    logger.error('lost the database connection: exiting (1) so the service manager starts this worker again; its jobs run again elsewhere');
    process.exitCode = 1;
    // Nothing below may keep a worker that lost its database from exiting.
    setTimeout(() => process.exit(1), 10_000).unref();
  } else logger.info(options.exitWhenIdle ? 'nothing due, queued or running: stopping' : 'stopping: finishing the jobs in progress');
  await Promise.race([runner.stop().catch(() => undefined), new Promise((r) => setTimeout(r, failed ? 3000 : 600_000).unref())]);
  await Promise.resolve(utils.release()).catch(() => undefined);
  await resign();
  stopping = true;
  await alive.end().catch(() => undefined);
}
