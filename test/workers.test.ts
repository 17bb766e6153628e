import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import { registry } from '../src/connectors/registry.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { openStore, type Store } from '../src/store/db.js';
import { lastIngestSeq, listSourceIds } from '../src/store/repos/activities.js';
import { listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { getCursor } from '../src/store/repos/detection-cursor.js';
import { DETECTION_CONSUMER } from '../src/detection/consumer.js';
import { SharedRateLimitGovernor } from '../src/workers/shared-governor.js';
import { describePostgres } from './helpers/dialects.js';
import { runParapet } from './helpers/run-parapet.js';
import { tempDir } from './helpers/temp-dir.js';
import { workerDatabase } from './helpers/worker-estate.js';
import { exitReport, within, type WorkerProcess } from './helpers/worker-process.js';

type Worker = WorkerProcess;

it('parapet worker on the embedded SQLite database: a clear error naming PARAPET_DATABASE_URL and parapet serve', async () => {
  const dir = tempDir();
  try {
    const run = await runParapet(['worker', '--exit-when-idle'], { dataDir: dir.path, env: { PARAPET_DATABASE_URL: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PARAPET_DATABASE_URL/);
    expect(run.stderr).toMatch(/parapet serve/);
  } finally {
    dir.cleanup();
  }
});

describePostgres('parapet worker processes sharing the work', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fresh schema (and its job queue's schema), a data dir with the shared secret key, simulators. */
  async function estate(providers: readonly string[], options: { pageSize?: number; latencyMs?: number } = {}) {
    const { store, dataDir, databaseUrl, worker: start } = await workerDatabase(cleanups);
    const sims: RunningSimulator<unknown>[] = [];
    cleanups.push(async () => {
      for (const sim of sims) await sim.close();
    });
    const connections: { id: string; truth: string[]; sim: RunningSimulator<unknown> }[] = [];
    const add = async (provider: string, name: string) => {
      const connector = connectorById(provider);
      const sim = await connector.simulator.start({ seed: 7, frozenAt: Date.now(), pageSize: options.pageSize ?? 50, latencyMs: options.latencyMs ?? 0 });
      sims.push(sim);
      const instance = await createInstance(store.db, store.secrets, { name, provider, config: sim.config, now: Date.now() });
      const connection = { id: instance.id, truth: [...new Set(sim.truth().activityIds)].sort(), sim };
      connections.push(connection);
      return connection;
    };
    for (const [i, provider] of providers.entries()) await add(provider, `${provider}-${i}`);
    const worker = (args: string[]): Worker => start(args);
    return { store, connections, add, worker, dataDir, databaseUrl };
  }

  const connectorById = (provider: string) => {
    const connector = registry.get(provider);
    if (!connector) throw new Error(`no connector ${provider}`);
    return connector;
  };

  const jobsOf = (workers: Worker[]) =>
    workers.flatMap((w) => w.lines.filter((l) => l.msg === 'stream job finished' || l.msg === 'stream job failed').map((l) => ({ ...l, worker: w.child.pid })));

  async function expectExactlyOnce(store: Store, connections: readonly { id: string; truth: string[] }[]) {
    for (const c of connections) expect(await listSourceIds(store.db, c.id)).toEqual(c.truth);
  }

  it('three workers: every activity stored exactly once, a connection never synced by two at once, detection caught up, all exit when idle', async () => {
    const { store, connections, worker } = await estate(['okta', 'zoom', 'dropbox', 'slack'], { latencyMs: 5 });
    const workers = [0, 1, 2].map(() => worker(['--concurrency', '2', '--exit-when-idle']));
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, exitReport(workers, codes)).toEqual([0, 0, 0]);
    await expectExactlyOnce(store, connections);
    const jobs = jobsOf(workers);
    expect(jobs.filter((j) => j.msg === 'stream job failed')).toEqual([]);
    // Every stream of every connection ran once.
    for (const c of connections) {
      const streams = jobs.filter((j) => j.instanceId === c.id).map((j) => j.stream).sort();
      expect(streams).toEqual([...new Set(streams)]);
      expect(streams.length).toBeGreaterThan(0);
      // One connection's jobs never overlap, whichever workers ran them.
      const spans = jobs.filter((j) => j.instanceId === c.id).sort((a, b) => (a.jobStartedAt ?? 0) - (b.jobStartedAt ?? 0));
      for (let i = 1; i < spans.length; i++) expect(spans[i]?.jobStartedAt ?? 0).toBeGreaterThanOrEqual(spans[i - 1]?.jobEndedAt ?? 0);
    }
    // The work was shared.
    expect(new Set(jobs.map((j) => j.worker)).size).toBeGreaterThan(1);
    // One leader at a time: a worker takes over only after the leader before it stopped (exiting when idle).
    const terms = workers
      .flatMap((w) => {
        const began = w.lines.find((l) => l.msg === 'became the scheduler leader');
        const ended = w.lines.find((l) => /^nothing due/.test(l.msg));
        return began ? [{ from: began.time ?? 0, to: ended?.time ?? Infinity }] : [];
      })
      .sort((a, b) => a.from - b.from);
    expect(terms.length).toBeGreaterThan(0);
    for (let i = 1; i < terms.length; i++) expect(terms[i]?.from ?? 0).toBeGreaterThanOrEqual(terms[i - 1]?.to ?? 0);
    expect(await getCursor(store.db, DETECTION_CONSUMER)).toBe(await lastIngestSeq(store.db));
  }, 180_000);

  it('the leader is SIGKILLed: another worker becomes leader within seconds and schedules a new connection; nothing lost or doubled', async () => {
    const { store, connections, add, worker } = await estate(['okta'], { latencyMs: 20 });
    const workers = [worker(['--concurrency', '2']), worker(['--concurrency', '2'])];
    const leader = await within(30_000, 'a leader', () => workers.find((w) => w.lines.some((l) => l.msg === 'became the scheduler leader')));
    // Kill it in the middle of a job of its own (started, not finished), if it takes one; else once jobs ran.
    const midJob = await within(60_000, 'a job to start', () => {
      if (leader.midJob()) return true;
      return workers.some((w) => w !== leader && w.lines.some((l) => l.msg === 'stream job finished')) ? false : undefined;
    });
    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    const survivor = workers.find((w) => w !== leader) as Worker;
    await within(10_000, 'the survivor to lead', () => (survivor.lines.some((l) => l.msg === 'became the scheduler leader') ? true : undefined));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // The new leader schedules: a connection added now is synced, and the first one completes even if the
    // leader died in the middle of its jobs (they are released and run again).
    const late = await add('zoom', 'zoom-late');
    await within(90_000, 'both connections synced', async () => {
      for (const c of connections) if ((await listSourceIds(store.db, c.id)).length < c.truth.length) return undefined;
      return true;
    });
    expect(late.truth.length).toBeGreaterThan(0);
    await expectExactlyOnce(store, connections);
    // The job the dead leader held was released and run again by the survivor.
    if (midJob) expect(survivor.lines.some((l) => l.msg === 'released the jobs of workers that died; they run again')).toBe(true);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 180_000);

  it('a connection\'s rate limit is one budget for all workers: requests in any window stay within the provider\'s bucket', async () => {
    // Zoom allows 4 requests a second with a burst of 8 (its connector's rateLimit); small pages make many requests.
    const { store, connections, worker } = await estate(['zoom'], { pageSize: 10 });
    const samples: { at: number; requests: number }[] = [];
    const sim = connections[0]?.sim as RunningSimulator<unknown>;
    const timer = setInterval(() => samples.push({ at: Date.now(), requests: sim.stats().requests }), 50);
    // The simulator counts a request when this process's event loop gets to it: on a loaded machine a request
    // sent before a sample can be counted after it. The worst stall of this loop widens the slack by as much.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const workers = [0, 1, 2].map(() => worker(['--concurrency', '2', '--exit-when-idle']));
    try {
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, exitReport(workers, codes)).toEqual([0, 0, 0]);
    } finally {
      clearInterval(timer);
      loopDelay.disable();
    }
    const stallMs = loopDelay.max / 1e6;
    await expectExactlyOnce(store, connections);
    const { requestsPerSecond, burst } = connectorById('zoom').rateLimit;
    const total = samples.at(-1)?.requests ?? 0;
    // Rate-bound: more requests than one burst, so the budget had to hold them back.
    expect(total).toBeGreaterThan(burst * 3);
    let worst = 0;
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        const a = samples[i] as { at: number; requests: number };
        const b = samples[j] as { at: number; requests: number };
        // Requests seen between two samples were sent after the earlier sample's previous one (50 ms slack),
        // or were waiting for this process's event loop (its worst stall).
        const allowed = burst + requestsPerSecond * ((b.at - a.at + 100 + stallMs) / 1000);
        worst = Math.max(worst, b.requests - a.requests - allowed);
      }
    }
    expect(worst, `worst window over the budget (event loop's worst stall ${Math.round(stallMs)} ms)`).toBeLessThanOrEqual(0);
  }, 180_000);

  it('the shared budget: four holders of one connection\'s budget (two pools) together take no more than burst + rate × time, and a throttle pauses them all', async () => {
    const { store, dataDir, databaseUrl } = await estate([]);
    const second = await openStore({ dataDir, databaseUrl });
    cleanups.push(() => second.close());
    const policy = { requestsPerSecond: 20, burst: 10 };
    const governors = [store, store, second, second].map((s) => new SharedRateLimitGovernor(policy, s.db, 'connection-x'));
    const start = Date.now();
    const taken: number[] = [];
    await Promise.all(
      governors.map(async (g) => {
        while (Date.now() - start < 2000) {
          await g.acquire();
          taken.push(Date.now() - start);
        }
      }),
    );
    const elapsed = (Math.max(...taken) + 1) / 1000;
    // Four in-process buckets would have allowed four times this.
    expect(taken.length).toBeLessThanOrEqual(policy.burst + policy.requestsPerSecond * elapsed + 1);
    // The budget is used, not starved: at least 80% of what it allows.
    expect(taken.length).toBeGreaterThanOrEqual(0.8 * (policy.burst + policy.requestsPerSecond * 2));
    // One holder is throttled (Retry-After): the others wait it out too.
    const [first, , third] = governors as [SharedRateLimitGovernor, SharedRateLimitGovernor, SharedRateLimitGovernor];
    await new Promise((r) => setTimeout(r, 1000));
    first.pauseUntil(Date.now() + 700);
    await new Promise((r) => setTimeout(r, 50));
    const before = Date.now();
    await third.acquire();
    expect(Date.now() - before).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it('the scheduler leader runs the stream health check: a connection that never completed a run in 3 hours raises one health.source-behind per stream, a healthy one none', async () => {
    const { store, connections, worker } = await estate(['docusign']);
    const healthy = connections[0] as { id: string; sim: RunningSimulator<unknown> };
    // Added 3 hours ago with a key DocuSign refuses: none of its runs completes.
    const stalled = await createInstance(store.db, store.secrets, { name: 'docusign-stalled', provider: 'docusign', config: healthy.sim.badCredentialConfig, now: Date.now() - 3 * 3_600_000 });
    const w = worker(['--concurrency', '2', '--exit-when-idle']);
    expect(await w.exited).toBe(0);
    const alerts = (await listAlerts(store.db, {})).filter((a) => a.policyId.startsWith('health.'));
    const streams = Object.keys(connectorById('docusign').streams).sort();
    expect(alerts.map((a) => `${a.policyId} ${a.subject.key} ${a.status}`).sort()).toEqual(streams.map((s) => `health.source-behind ${s}@${stalled.id} open`));
    expect(alerts.every((a) => a.severity === 'medium' && a.connectorInstanceId === stalled.id && a.explanation.startsWith('docusign-stalled: '))).toBe(true);
  }, 120_000);
});
