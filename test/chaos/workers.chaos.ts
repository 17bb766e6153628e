import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { registry } from '../../src/connectors/registry.js';
import type { RunningSimulator } from '../../src/connectors/sdk/simulator/simulator.js';
import { SeededRandom } from '../../src/connectors/sdk/simulator/seeded-random.js';
import { openStore, type Db } from '../../src/store/db.js';
import { countActivities, lastIngestSeq, listSourceIds } from '../../src/store/repos/activities.js';
import { getCursor } from '../../src/store/repos/detection-cursor.js';
import { DETECTION_CONSUMER } from '../../src/detection/consumer.js';
import { createInstance } from '../../src/store/repos/connector-instances.js';
import { createTestDatabase, describePostgres, POSTGRES } from '../helpers/dialects.js';
import { runParapet } from '../helpers/run-parapet.js';
import { tempDir } from '../helpers/temp-dir.js';
import { dropWorkerDatabase, startWorkerProcess, within, type WorkerProcess } from '../helpers/worker-process.js';

/**
 * The chaos suite (`npm run test:chaos`): four `parapet worker` processes sync simulated apps that answer with
 * 429 storms, 5xx, slow and malformed pages and expiring tokens, while workers are SIGKILLed at random and
 * PostgreSQL restarts during the backfill. Afterwards every connection's stored provider ids (a sorted list:
 * a duplicate shows) equal the simulator's truth, and the alerts equal those of a clean single-process run.
 */
const PROVIDERS = ['okta', 'zoom', 'dropbox', 'servicenow'] as const;
const SEED = Number(process.env.PARAPET_CHAOS_SEED ?? 17);
const KILLS = Number(process.env.PARAPET_CHAOS_KILLS ?? 4);

/** Restarts the test cluster of `.ci/postgres.sh start` (its folder is PARAPET_POSTGRES_DIR). */
function restartPostgres(): void {
  const dir = process.env.PARAPET_POSTGRES_DIR;
  if (!dir || !existsSync(`${dir}/data`)) throw new Error('the chaos suite restarts PostgreSQL: start it with eval "$(.ci/postgres.sh start)" (sets PARAPET_POSTGRES_DIR)');
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
  const pgCtl = versions.length ? `/usr/lib/postgresql/${versions.at(-1)}/bin/pg_ctl` : 'pg_ctl';
  const args = ['-D', `${dir}/data`, '-m', 'fast', '-w', '-t', '60', 'restart'];
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' });
  else execFileSync(pgCtl, args, { stdio: 'ignore' });
}

async function alertKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('alerts').select(['policy_id', 'subject_key']).execute();
  return rows.map((r) => `${r.policy_id} ${r.subject_key}`).sort();
}

describePostgres('chaos: four workers under provider faults, SIGKILLs and a PostgreSQL restart', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('the activity multiset and the alert set equal a clean single-process run', async () => {
    const random = new SeededRandom(SEED);
    const sims: RunningSimulator<unknown>[] = [];
    cleanups.push(async () => {
      for (const sim of sims) await sim.close();
    });
    for (const provider of PROVIDERS) {
      const connector = registry.get(provider);
      if (!connector) throw new Error(`no connector ${provider}`);
      sims.push(await connector.simulator.start({ seed: SEED, frozenAt: Date.now(), pageSize: 25, latencyMs: 10 }));
    }

    // The clean run: one `parapet sync` process on the embedded SQLite store, no faults.
    const cleanDir = tempDir();
    cleanups.push(async () => cleanDir.cleanup());
    const clean = await openStore({ dataDir: cleanDir.path });
    for (const [i, sim] of sims.entries()) await createInstance(clean.db, clean.secrets, { name: `c${i}`, provider: PROVIDERS[i] as string, config: sim.config, now: Date.now() });
    await clean.close();
    const cleanRun = await runParapet(['sync'], { dataDir: cleanDir.path, env: { PARAPET_BACKFILL_DAYS: '7', PARAPET_DATABASE_URL: '' } });
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    const cleanStore = await openStore({ dataDir: cleanDir.path });
    const cleanAlerts = await alertKeys(cleanStore.db);
    await cleanStore.close();

    // The chaos run on PostgreSQL.
    const dir = tempDir();
    const database = await createTestDatabase(POSTGRES);
    const databaseUrl = database.databaseUrl as string;
    let store = await openStore({ dataDir: dir.path, databaseUrl });
    cleanups.push(async () => {
      await store.close();
      await dropWorkerDatabase(databaseUrl, () => database.drop());
      dir.cleanup();
    });
    const ids: string[] = [];
    for (const [i, sim] of sims.entries()) ids.push((await createInstance(store.db, store.secrets, { name: `c${i}`, provider: PROVIDERS[i] as string, config: sim.config, now: Date.now() })).id);
    const truths = sims.map((sim) => [...new Set(sim.truth().activityIds)].sort());
    const events = truths.reduce((n, t) => n + t.length, 0);
    for (const sim of sims) {
      // The rarer faults on a fixed beat: the simulators share one seed, so a rare random fault would fall on
      // the same request numbers in all four and could miss a whole run. The storm's bulk stays random.
      sim.faults.add({ kind: 'malformed-json', every: 31 });
      sim.faults.add({ kind: 'expire-token', every: 37 });
      sim.faults.add({ kind: 'truncated-json', every: 29 });
      sim.faults.add({ kind: 'slow', every: 23, delayMs: 400 });
      sim.faults.add({ kind: 'rate-limit', probability: 0.04, retryAfterSeconds: 1 });
      sim.faults.add({ kind: 'server-error', probability: 0.04 });
    }
    // Short schedules: a stream that failed under the faults (or whose job the queue gave up on) runs again a few
    // seconds later by the scheduler's own rule (due again its interval after its last run began).
    const env = { PARAPET_DATA_DIR: dir.path, PARAPET_DATABASE_URL: databaseUrl, PARAPET_POLL_MINUTES: '0.05', PARAPET_SNAPSHOT_HOURS: '0.002' };
    const all: WorkerProcess[] = [];
    const spawnWorker = (args: string[]) => {
      const w = startWorkerProcess(args, env);
      all.push(w);
      cleanups.push(async () => {
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
        await w.exited;
      });
      return w;
    };
    let workers = [0, 1, 2, 3].map(() => spawnWorker(['--concurrency', '2']));
    let kills = 0;
    let restarts = 0;
    const deadline = Date.now() + 120_000;
    while ((kills < KILLS || restarts < 1) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, random.int(1000, 3000)));
      // Workers that exited (a lost database session exits 1) are started again, as systemd would.
      workers = workers.map((w) => (w.child.exitCode !== null || w.child.signalCode !== null ? spawnWorker(['--concurrency', '2']) : w));
      const stored = await countActivities(store.db).catch(() => 0);
      if (restarts === 0 && stored > events * 0.3) {
        restartPostgres();
        restarts++;
        await store.close().catch(() => undefined);
        store = await openStore({ dataDir: dir.path, databaseUrl });
        continue;
      }
      // A kill counts only where it interrupts a job: the victim is a worker with a stream job under way.
      const busy = workers.filter((w) => w.midJob());
      if (kills < KILLS && busy.length > 0) {
        random.pick(busy).child.kill('SIGKILL');
        kills++;
      }
      if (stored >= events && kills >= KILLS) break;
    }
    // The storm ends; the chaos workers stop. Two workers carry on: the scheduler retries what failed under the
    // faults at its next poll, and once every stream has succeeded since the storm and detection has caught up
    // they stop.
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    for (const sim of sims) sim.faults.clear();
    const calm = Date.now();
    const streams = ids.flatMap((id, i) => Object.keys(registry.get(PROVIDERS[i] as string)?.streams ?? {}).map((stream) => ({ id, stream })));
    const finishers = [spawnWorker(['--concurrency', '2']), spawnWorker(['--concurrency', '2'])];
    await within(300_000, 'every stream to succeed after the storm, all activity stored and detection caught up', async () => {
      for (const [i, id] of ids.entries()) if ((await listSourceIds(store.db, id)).length < (truths[i] as string[]).length) return undefined;
      const states = await store.db.selectFrom('stream_states').select(['connector_instance_id', 'stream', 'last_success_at']).execute();
      const since = new Set(states.filter((s) => (s.last_success_at ?? 0) >= calm).map((s) => `${s.connector_instance_id} ${s.stream}`));
      if (!streams.every((s) => since.has(`${s.id} ${s.stream}`))) return undefined;
      return (await getCursor(store.db, DETECTION_CONSUMER)) >= (await lastIngestSeq(store.db)) ? true : undefined;
    });
    const settleSeconds = ((Date.now() - calm) / 1000).toFixed(1);
    const retried = finishers.reduce((n, w) => n + w.lines.filter((l) => l.msg === 'stream job finished').length, 0);
    for (const w of finishers) w.child.kill('SIGTERM');
    expect(await Promise.all(finishers.map((w) => w.exited))).toEqual([0, 0]);

    let lost = 0;
    let duplicated = 0;
    for (const [i, id] of ids.entries()) {
      const stored = await listSourceIds(store.db, id);
      const truth = truths[i] as string[];
      const have = new Set(stored);
      lost += truth.filter((t) => !have.has(t)).length;
      duplicated += stored.length - have.size;
      expect(stored).toEqual(truth);
    }
    const alerts = await alertKeys(store.db);
    const injectedByKind = new Map<string, number>();
    for (const sim of sims) for (const [kind, n] of Object.entries(sim.faults.injected)) injectedByKind.set(kind, (injectedByKind.get(kind) ?? 0) + n);
    const injected = [...injectedByKind.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(
      `chaos: workers 4, kills ${kills} (each mid-job), PostgreSQL restarts ${restarts}, faults injected ${injected} (${[...injectedByKind].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}), stream runs after the storm ${retried} (settled in ${settleSeconds} s), events ${events}, lost ${lost}, duplicated ${duplicated}, alerts ${alerts.length} (clean run ${cleanAlerts.length})\n`,
    );
    expect(restarts).toBe(1);
    expect(kills).toBe(KILLS);
    // Every fault kind the storm asked for was served at least once: survived, not merely configured.
    for (const kind of ['rate-limit', 'server-error', 'slow', 'malformed-json', 'truncated-json', 'expire-token']) expect(injectedByKind.get(kind), kind).toBeGreaterThan(0);
    expect(alerts).toEqual(cleanAlerts);
  }, 600_000);
});
