import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { baseActivity } from '../src/connectors/sdk/normalize-helpers.js';
import { registry } from '../src/connectors/registry.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { DAY } from '../src/core/clock.js';
import { currentSchema } from '../src/store/dialect.js';
import { insertActivities, lastIngestSeq, listSourceIds, queryActivities } from '../src/store/repos/activities.js';
import { createInstance, setInstanceEnabled } from '../src/store/repos/connector-instances.js';
import { advanceCursor } from '../src/store/repos/detection-cursor.js';
import { jobQueueSchema, STREAM_TASK } from '../src/workers/worker.js';
import { describePostgres } from './helpers/dialects.js';
import { workerDatabase } from './helpers/worker-estate.js';
import { within, type WorkerProcess } from './helpers/worker-process.js';

/** Operations of `parapet worker` beyond syncing: retention on the leader, stream jobs the queue gave up on. */
describePostgres('parapet worker operations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function estate() {
    const database = await workerDatabase(cleanups);
    const sims: RunningSimulator<unknown>[] = [];
    cleanups.push(async () => {
      for (const sim of sims) await sim.close();
    });
    return { ...database, sims };
  }

  const purges = (w: WorkerProcess) => w.lines.filter((l) => l.msg.startsWith('retention: deleted'));

  it('PARAPET_RETENTION_DAYS with workers: the scheduler leader purges once for all of them, and a new leader takes it over', async () => {
    const { store, worker } = await estate();
    // A disabled connection: nothing to sync, only its old activity to purge.
    const instance = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
    await setInstanceEnabled(store.db, instance, false, Date.now());
    const now = Date.now();
    const rows = [now - 200 * DAY, now - 100 * DAY, now - 10 * DAY, now - DAY].map((time, i) => {
      const base = baseActivity({ provider: 'docusign', app: 'eSignature', sourceId: `e${i}`, time, originalTime: '', action: 'user.login', eventType: 'User/Login', raw: {} });
      return { ...base, id: `id-${i}`, connectorInstanceId: instance, ingestedAt: time };
    });
    await insertActivities(store.db, rows);
    await advanceCursor(store.db, 'detection', await lastIngestSeq(store.db), 1);
    const env = { PARAPET_RETENTION_DAYS: '90' };
    const workers = [0, 1, 2].map(() => worker(['--retention-first-delay-ms', '0'], env));
    const leader = await within(30_000, 'a purge', () => workers.find((w) => purges(w).length > 0));
    expect(leader.lines.some((l) => l.msg === 'became the scheduler leader')).toBe(true);
    // Several ticks later still one purge across the three workers.
    await new Promise((r) => setTimeout(r, 4000));
    expect(workers.map((w) => purges(w).length).sort()).toEqual([0, 0, 1]);
    expect(purges(leader).map((l) => l.msg)).toEqual(['retention: deleted 2 activities older than 90 days (kept 0 cited as alert evidence, 0 not yet evaluated)']);
    expect((await queryActivities(store.db, { ascending: true })).map((a) => a.sourceId)).toEqual(['e2', 'e3']);
    // The leader stops: the next leader runs the daily purge from now on.
    leader.child.kill('SIGTERM');
    expect(await leader.exited).toBe(0);
    const next = await within(30_000, 'the next leader to purge', () => workers.find((w) => w !== leader && purges(w).length > 0));
    expect(purges(next).map((l) => l.msg)).toEqual(['retention: deleted 0 activities older than 90 days (kept 0 cited as alert evidence, 0 not yet evaluated)']);
    expect(workers.map((w) => purges(w).length).sort()).toEqual([0, 1, 1]);
  }, 120_000);

  it('a stream job whose workers are killed past the queue\'s attempts: the failure shows in the connection\'s runs and the stream syncs at its next schedule', async () => {
    const { store, sims, worker, databaseUrl } = await estate();
    const connector = registry.get('okta');
    if (!connector) throw new Error('no okta connector');
    const sim = await connector.simulator.start({ seed: 7, frozenAt: Date.now(), pageSize: 25, latencyMs: 40 });
    sims.push(sim);
    const instance = (await createInstance(store.db, store.secrets, { name: 'okta', provider: 'okta', config: sim.config, now: Date.now() })).id;
    const truth = [...new Set(sim.truth().activityIds)].sort();
    const env = { PARAPET_POLL_MINUTES: '0.05', PARAPET_SNAPSHOT_HOURS: '0.001' }; // every stream due again 3-4 s after its last run began
    const first = worker(['--concurrency', '1'], env);
    // Killed in the middle of a run (its sync_runs row says running).
    await within(60_000, 'a stream run to start', async () => {
      const running = await sql<{ n: number }>`select count(*) as n from sync_runs where status = 'running'`.execute(store.db);
      return first.midJob() && Number(running.rows[0]?.n) > 0 ? true : undefined;
    });
    first.child.kill('SIGKILL');
    await first.exited;
    // The job the killed worker held has used one attempt; four more kills would use the rest (max 5).
    const queue = pg.escapeIdentifier(jobQueueSchema(await currentSchema(store.db)));
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    // (The `jobs` view is read-only: its table.)
    const exhausted = await admin.query<{ stream: string }>(
      `update ${queue}._private_jobs set attempts = max_attempts where locked_by is not null and task_id = (select id from ${queue}._private_tasks where identifier = $1) returning payload->>'stream' as stream`,
      [STREAM_TASK],
    );
    await admin.end();
    expect(exhausted.rows).toHaveLength(1);
    const stream = exhausted.rows[0]?.stream as string;

    const second = worker(['--concurrency', '1'], env);
    const runsOf = async () => (await sql<{ status: string; error: string | null }>`select status, error from sync_runs where connector_instance_id = ${instance} and stream = ${stream} order by started_at, id`.execute(store.db)).rows;
    // Generous: 20-40 s alone, but a loaded CI machine once went past 90 s here (cause not established: a run
    // alone made 51 of the 120 log requests a minute the simulator allows, and none was throttled).
    const runs = await within(150_000, 'the stream to run again and succeed', async () => {
      const rows = await runsOf();
      const complete = (await listSourceIds(store.db, instance)).length >= truth.length;
      return complete && rows.some((r) => r.status === 'succeeded') ? rows : undefined;
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.filter((l) => l.msg.startsWith('stream job given up by the queue')).map((l) => l.stream)).toEqual([stream]);
    expect(await listSourceIds(store.db, instance)).toEqual(truth);
    expect(runs.map((r) => r.status).slice(0, 3)).toEqual(['failed', 'failed', 'succeeded']);
    expect(runs[0]?.error).toBe('interrupted: the worker running it stopped');
    expect(runs[1]?.error).toMatch(/^the worker syncing this stream stopped 5 times in a row before the run finished .* runs it again at its next schedule/);
  }, 240_000);
});
