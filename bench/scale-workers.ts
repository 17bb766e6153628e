import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { registry } from '../src/connectors/registry.js';
import { openStore } from '../src/store/db.js';
import { countActivities } from '../src/store/repos/activities.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { withDatabase } from './postgres-server.js';
import { criticalFigures, describeCritical, jobLineCollector, sampleQueue, type CriticalFigures } from './scale-critical.js';

/**
 * (c) Work distribution: a simulated estate of `connections` connections (round-robin over `providers`, each
 * its own simulator with its own seeded tenant, frozen so every run reads the same history) ingested on a
 * fresh PostgreSQL database by 1, 2 and 4 `parapet worker --exit-when-idle` processes. Per worker count:
 * events stored / wall time until the last worker exited, the ratio to one worker, each worker's CPU time
 * (utime + stime from /proc/<pid>/stat) and peak RSS (VmHWM), and the CPU this process spent serving the
 * simulators, so a ratio below target shows whether the 2 cores or the providers' limits held it back.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const CLOCK_TICKS = 100; // USER_HZ on Linux

export const ESTATE_PROVIDERS = ['okta', 'google-workspace', 'github', 'slack', 'docusign', 'box', 'dropbox', 'zoom'] as const;

export interface WorkerRun {
  workers: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** CPU seconds of each worker process. */
  workerCpuSeconds: number[];
  /** Peak RSS of each worker process, MB. */
  workerPeakRssMb: number[];
  /** CPU seconds this process (the simulators) spent during the run. */
  simulatorCpuSeconds: number;
  /** Busy CPU seconds of the whole machine during the run (every process: PostgreSQL, other users). */
  machineCpuSeconds: number;
  /** The 1-minute load average, averaged over the run. */
  loadAverage: number;
  /** CPU seconds of the PostgreSQL server (postmaster and every backend) during the run; null when not local. */
  postgresCpuSeconds: number | null;
  exitCodes: (number | null)[];
  /** Workers: what bounds the wall time besides CPU (scale-critical.ts). */
  critical?: CriticalFigures;
}

interface EstateFigures {
  connections: number;
  backfillDays: number;
  /** One `parapet sync` process over the same estate (what runs without workers); null when skipped (--skip=baseline). */
  baseline: WorkerRun | null;
}

export type WorkersResult = (EstateFigures & { available: false; reason: string }) | (EstateFigures & { available: true; runs: WorkerRun[] });

/** Whether this build has `parapet worker` (commander prints the root help, exit 0, for an unknown command). */
export async function workerAvailable(): Promise<boolean> {
  try {
    const { stdout } = await run(process.execPath, [join(root, 'bin', 'parapet.js'), 'worker', '--help'], { cwd: root, timeout: 120_000 });
    return /Usage: parapet worker/.test(stdout) && /--exit-when-idle/.test(stdout);
  } catch {
    return false;
  }
}

interface ProcSample {
  cpuSeconds: number;
  peakRssMb: number;
}

/** Busy and total CPU ticks of the machine so far (/proc/stat: every core). */
function machineTicks(): { busy: number; total: number } {
  try {
    const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const n = values.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** utime, stime, cutime, cstime and ppid of a process from /proc/<pid>/stat. */
function procStat(pid: number): { own: number; children: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return { own: ((f[11] ?? 0) + (f[12] ?? 0)) / CLOCK_TICKS, children: ((f[13] ?? 0) + (f[14] ?? 0)) / CLOCK_TICKS, ppid: f[1] ?? 0 };
  } catch {
    return null;
  }
}

/**
 * CPU seconds the PostgreSQL server has used so far: the postmaster's own and its reaped children's, plus
 * every live backend's. Backends that end between two readings move from the live sum into the
 * postmaster's children total, so the difference of two readings is the server's CPU in between.
 */
function postgresCpu(postmaster: number): number | null {
  const main = procStat(postmaster);
  if (!main) return null;
  let live = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.ppid === postmaster) live += child.own;
  }
  return main.own + main.children + live;
}

/** The postmaster's pid when the server runs on this machine (the parent of this connection's backend). */
async function findPostmaster(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = procStat(Number(rows[0]?.pid));
    return backend && backend.ppid > 1 ? backend.ppid : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** CPU time and peak RSS of a live process from /proc, or null once it is gone (a zombie has no VmHWM). */
function sample(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is [0]; utime and stime are fields 14 and 15 of stat, so [11] and [12].
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!hwm) return null;
    return { cpuSeconds, peakRssMb: Math.round(Number(hwm[1]) / 1024) };
  } catch {
    return null;
  }
}

/** Runs `workers` copies of `parapet <command>` against the database until all exit, sampling each from /proc. */
async function runProcesses(url: string, dataDir: string, command: string[], workers: number, backfillDays: number, timeoutMs: number, providerOf: ReadonlyMap<string, string>): Promise<Omit<WorkerRun, 'events' | 'eventsPerSec'>> {
  // Info as JSON: the workers' job lines (start and end of each job) give the critical-path figures.
  const env = { ...process.env, PARAPET_DATABASE_URL: url, PARAPET_DATA_DIR: dataDir, PARAPET_BACKFILL_DAYS: String(backfillDays), PARAPET_LOG_LEVEL: 'info', PARAPET_LOG_FORMAT: 'json' };
  const isWorker = command[0] === 'worker';
  const slots = workers * 2; // the workers' default --concurrency
  const queue = isWorker ? sampleQueue(url, slots) : null;
  const jobs = jobLineCollector();
  const postmaster = await findPostmaster(url);
  const pg0 = postmaster ? postgresCpu(postmaster) : null;
  const cpu0 = process.cpuUsage();
  const machine0 = machineTicks();
  const loads: number[] = [];
  const t0 = performance.now();
  const children = Array.from({ length: workers }, () => spawn(process.execPath, [join(root, 'bin', 'parapet.js'), ...command], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  const last: (ProcSample | null)[] = children.map(() => null);
  const stderr: string[] = children.map(() => '');
  children.forEach((child, i) =>
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      jobs.push(d);
      stderr[i] = (stderr[i] + d).slice(-2000);
    }),
  );
  const sampler = setInterval(() => {
    children.forEach((child, i) => {
      const s = child.pid ? sample(child.pid) : null;
      const before = last[i];
      if (s) last[i] = { cpuSeconds: Math.max(s.cpuSeconds, before?.cpuSeconds ?? 0), peakRssMb: Math.max(s.peakRssMb, before?.peakRssMb ?? 0) };
    });
  }, 100);
  const loadSampler = setInterval(() => loads.push(loadAverage()), 1000);
  const timer = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), timeoutMs);
  const exitCodes = await Promise.all(children.map((child) => new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))));
  clearTimeout(timer);
  clearInterval(sampler);
  clearInterval(loadSampler);
  const seconds = (performance.now() - t0) / 1000;
  const ended = Date.now();
  const queued = await queue?.stop();
  const used = process.cpuUsage(cpu0);
  const machine1 = machineTicks();
  const pg1 = postmaster ? postgresCpu(postmaster) : null;
  exitCodes.forEach((code, i) => {
    if (code !== 0) process.stderr.write(`parapet ${command.join(' ')} (${i + 1} of ${workers}) exited ${code}: ${stderr[i]}\n`);
  });
  return {
    workers,
    seconds: Math.round(seconds * 10) / 10,
    workerCpuSeconds: last.map((s) => Math.round((s?.cpuSeconds ?? 0) * 10) / 10),
    workerPeakRssMb: last.map((s) => s?.peakRssMb ?? 0),
    simulatorCpuSeconds: Math.round(((used.user + used.system) / 1e6) * 10) / 10,
    machineCpuSeconds: Math.round(((machine1.busy - machine0.busy) / CLOCK_TICKS) * 10) / 10,
    loadAverage: Math.round((loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)) * 10) / 10,
    postgresCpuSeconds: pg0 !== null && pg1 !== null ? Math.round((pg1 - pg0) * 10) / 10 : null,
    exitCodes,
    ...(queued ? { critical: criticalFigures(jobs.lines, providerOf, slots, ended, queued, seconds) } : {}),
  };
}

/** One measured run on a fresh database with the estate's connections. */
async function measure(base: string, simulators: readonly Estate[], command: string[], workers: number, backfillDays: number, timeoutMs: number): Promise<WorkerRun> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-workers-');
    try {
      const store = await openStore({ dataDir: dir.path, databaseUrl: url });
      const providerOf = new Map<string, string>();
      for (const [i, { provider, sim }] of simulators.entries()) {
        const instance = await createInstance(store.db, store.secrets, { name: `estate-${provider}-${i}`, provider, config: sim.config, now: Date.now() });
        providerOf.set(instance.id, provider);
      }
      await store.close();
      const measured = await runProcesses(url, dir.path, command, workers, backfillDays, timeoutMs, providerOf);
      const counted = await openStore({ dataDir: dir.path, databaseUrl: url });
      const events = await countActivities(counted.db);
      await counted.close();
      return { ...measured, events, eventsPerSec: Math.round(events / measured.seconds) };
    } finally {
      dir.cleanup();
    }
  });
}

interface Estate {
  provider: string;
  sim: RunningSimulator<unknown>;
}

export async function benchWorkers(
  base: string,
  options: { connections?: number; backfillDays?: number; workerCounts?: number[]; baseline?: boolean; timeoutMs?: number; progress?: (line: string) => void } = {},
): Promise<WorkersResult> {
  const connections = options.connections ?? 50;
  const backfillDays = options.backfillDays ?? 7;
  const timeoutMs = options.timeoutMs ?? 20 * 60_000;
  const progress = options.progress ?? (() => undefined);
  const available = await workerAvailable();
  const now = Date.now();
  const simulators: Estate[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const provider = ESTATE_PROVIDERS[i % ESTATE_PROVIDERS.length] as string;
      const connector = registry.get(provider);
      if (!connector) throw new Error(`the ${provider} connector is not registered`);
      simulators.push({ provider, sim: await connector.simulator.start({ seed: 100 + i, frozenAt: now }) });
    }
    // Today's single process, for comparison: `parapet sync` reads every connection one after another.
    const baseline = options.baseline === false ? null : await measure(base, simulators, ['sync'], 1, backfillDays, timeoutMs);
    if (baseline) progress(`  baseline parapet sync: ${baseline.events} events in ${baseline.seconds} s`);
    if (!available) return { available: false, reason: 'parapet worker is not available in this build', connections, backfillDays, baseline };
    const runs: WorkerRun[] = [];
    for (const workers of options.workerCounts ?? [1, 2, 4]) {
      const result = await measure(base, simulators, ['worker', '--exit-when-idle'], workers, backfillDays, timeoutMs);
      runs.push(result);
      progress(`  ${workers} worker(s): ${result.events} events in ${result.seconds} s`);
    }
    return { available: true, connections, backfillDays, baseline, runs };
  } finally {
    await Promise.allSettled(simulators.map((s) => s.sim.close()));
  }
}

/** The figures of (c) as lines. */
export function describeWorkers(r: WorkersResult, cores: number): string {
  const line = (label: string, x: WorkerRun, ratio: string) => {
    const cpu = x.workerCpuSeconds.reduce((a, b) => a + b, 0);
    return (
      `  ${label}: ${x.events.toLocaleString('en')} events in ${x.seconds} s = ${x.eventsPerSec.toLocaleString('en')} events/s${ratio}; ` +
      `process CPU ${x.workerCpuSeconds.join(' + ')} s (${((cpu / x.seconds) * 100).toFixed(0)}% of one core), simulators' CPU ${x.simulatorCpuSeconds} s, PostgreSQL's ${x.postgresCpuSeconds ?? 'not measured (not local)'} s, ` +
      `the whole machine busy ${x.machineCpuSeconds} CPU-s of ${Math.round(x.seconds * cores)} (load average ${x.loadAverage}); ` +
      `peak RSS ${x.workerPeakRssMb.join(', ')} MB; exit ${x.exitCodes.join(', ')}`
    );
  };
  const lines = [
    `(c) workers: ${r.connections} simulated connections (${ESTATE_PROVIDERS.join(', ')} in turn, frozen tenants; the simulators run in this process), ${r.backfillDays}-day backfill, ${cores} cores. ` +
      `Workers run with their default --concurrency; --exit-when-idle also waits for detection to catch up, so the workers' times include detection and the baseline's do not.`,
  ];
  if (r.baseline) lines.push(line('baseline, one parapet sync process', r.baseline, ''));
  if (!r.available) {
    lines.push(`  1, 2, 4 workers: not measured: ${r.reason}`);
    return lines.join('\n');
  }
  const one = r.runs.find((x) => x.workers === 1)?.eventsPerSec ?? 0;
  for (const x of r.runs) {
    const target = x.workers === 2 ? ' (target >= 1.7)' : x.workers === 4 ? ' (target >= 3)' : '';
    lines.push(line(`${x.workers} worker(s)`, x, `, ratio to one worker ${(one ? x.eventsPerSec / one : 0).toFixed(2)}${target}`));
    if (x.critical) lines.push(`    why not faster: ${describeCritical(x.critical)}`);
  }
  return lines.join('\n');
}
