import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { Activity } from '../src/core/activity.js';
import { DAY, HOUR, MINUTE } from '../src/core/clock.js';
import { buildActivity, type ActivityInput } from '../src/detection/activity-builder.js';
import type { Enricher } from '../src/detection/enrichment/enricher.js';
import { openStore } from '../src/store/db.js';
import { lastIngestSeq, type WrittenPage } from '../src/store/repos/activities.js';
import { listAlerts } from '../src/store/repos/alerts.js';

const run = promisify(execFile);
import { tempDir } from '../test/helpers/temp-dir.js';
import { openBenchConsumer, runDetection } from './bench-consumer.js';
import { openWarmEnricher } from './warm-enricher.js';
import { bundleAsShipped } from './shipped-build.js';

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same workload. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Public addresses in several countries (home ISPs), a VPN exit and a far-away one; half the activities
// carry no provider geo, so the city and ASN databases are exercised.
const HOMES = ['50.175.0.111', '100.2.252.212', '82.38.57.120', '194.2.40.245', '62.216.28.65', '91.124.165.120', '195.77.19.141', '205.188.105.89', '2a02:c7f:7e1c:4a00::1', '81.2.69.160'];
const FAR = '41.220.78.31';
const VPN = '169.150.223.181';

/**
 * A realistic workload: `users` people over `days` days (sign-ins, views, downloads, admin work, a few
 * typos), plus attacks spread through the last days so many pages raise alerts (failed-log-on bursts,
 * impossible travel, VPN sign-ins, mass downloads).
 */
export interface InjectedAttack {
  policy: string;
  user: string;
}

/** The policy meant to catch each kind of injected attack. */
const ATTACK_POLICIES = ['detection.failed-logons', 'detection.impossible-travel', 'detection.anonymous-ip', 'detection.mass-download'] as const;

export function detectionWorkload(users: number, days: number, seed = 7): { activities: Activity[]; attacks: InjectedAttack[] } {
  const random = rng(seed);
  const start = Date.UTC(2026, 9, 1);
  const out: ActivityInput[] = [];
  let n = 0;
  const add = (input: ActivityInput) => out.push({ ...input, id: `b${(n++).toString(36).padStart(8, '0')}`, connectorInstanceId: 'bench', provider: 'okta', app: 'Okta' });
  for (let u = 0; u < users; u++) {
    const email = `user${u}@bench.example`;
    const ip = HOMES[u % HOMES.length] as string;
    const geo = u % 2 === 0 ? { country: ['US', 'US', 'GB', 'FR', 'NL', 'DE', 'ES', 'CA', 'GB', 'GB'][u % 10] as string } : {};
    for (let d = 0; d < days; d++) {
      if (random() < 0.2) continue;
      const t0 = start + d * DAY + (7 + Math.floor(random() * 4)) * HOUR + Math.floor(random() * 60) * MINUTE;
      if (random() < 0.05) add({ action: 'user.login_failed', actor: { email }, srcIp: ip, geo, time: t0 - 30_000 });
      add({ action: 'user.login', actor: { email }, srcIp: ip, geo, time: t0 });
      for (let k = Math.floor(random() * 6); k > 0; k--) add({ action: random() < 0.6 ? 'file.viewed' : 'file.downloaded', actor: { email }, srcIp: ip, geo, time: t0 + Math.floor(random() * 240) * MINUTE });
      if (u % 50 === 0 && random() < 0.5) add({ action: 'admin.setting_changed', actor: { email, type: 'admin' }, srcIp: ip, time: t0 + HOUR });
    }
  }
  // Attacks in the last third of the period, one user each.
  const attackStart = start + Math.floor((days * 2) / 3) * DAY;
  const attacks: InjectedAttack[] = [];
  for (let k = 0; k < Math.max(20, Math.floor(users / 10)); k++) {
    const email = `user${(k * 7) % users}@bench.example`;
    const t = attackStart + Math.floor(random() * (days / 3)) * DAY + Math.floor(random() * 20) * HOUR;
    const kind = k % 4;
    attacks.push({ policy: ATTACK_POLICIES[kind] as string, user: email });
    if (kind === 0) for (let i = 0; i < 15; i++) add({ action: 'user.login_failed', actor: { email }, srcIp: '194.168.255.77', time: t + i * 12_000 });
    // Impossible only next to one of the person's own sign-ins: 20 minutes after the one nearest `t` (at a random
    // hour, hours from any of them, a flight to Lagos would have been possible and no policy should fire).
    if (kind === 1) add({ action: 'user.login', actor: { email }, srcIp: FAR, time: nearestSignIn(out, email, t, attackStart) + 20 * MINUTE });
    if (kind === 2) add({ action: 'user.login', actor: { email }, srcIp: VPN, time: t });
    if (kind === 3) for (let i = 0; i < 120; i++) add({ action: 'file.downloaded', actor: { email }, srcIp: HOMES[0] as string, time: t + i * 5_000 });
  }
  return { activities: out.map((i) => buildActivity(i)).sort((a, b) => a.time - b.time), attacks };
}

/** The time of `email`'s own sign-in nearest `t` at or after `from` (`t` when they have none). */
function nearestSignIn(inputs: readonly ActivityInput[], email: string, t: number, from: number): number {
  let best = t;
  let gap = Infinity;
  for (const i of inputs) {
    if (i.action !== 'user.login' || i.actor?.email !== email || (i.time as number) < from) continue;
    const d = Math.abs((i.time as number) - t);
    if (d < gap) [best, gap] = [i.time as number, d];
  }
  return best;
}

/**
 * The whole machine's busy CPU time so far (Linux: /proc/stat, every process: the database server's and the
 * detection process's too), in ms; undefined elsewhere. Meaningful on an otherwise quiet machine only.
 */
function machineCpuMs(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait, in USER_HZ (100/s on Linux).
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * 10;
}

/** What a phase has taken since `startMeter()`: the clock, this process's CPU time (user + system) and the machine's. */
function startMeter(): () => { ms: number; cpuMs: number; machineMs: number | undefined } {
  const clock = performance.now();
  const cpu = process.cpuUsage();
  const machine = machineCpuMs();
  return () => {
    const used = process.cpuUsage(cpu);
    const machineNow = machineCpuMs();
    return {
      ms: performance.now() - clock,
      cpuMs: (used.user + used.system) / 1000,
      machineMs: machine === undefined || machineNow === undefined ? undefined : machineNow - machine,
    };
  };
}

/** `part / whole` to three places, or "n/a" where the machine's CPU time cannot be read. */
function ratioOf(part: number | undefined, whole: number | undefined): string | number {
  return part === undefined || whole === undefined || whole === 0 ? 'n/a' : Number((part / whole).toFixed(3));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** The repository's root: the child processes' scripts are found from it. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A store on a fresh database: SQLite in the given folder, or the fresh PostgreSQL database given for it. */
const openBenchStore = (dataDir: string, databaseUrl: string | undefined) => openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });

/** Which policy raised an alert about whom: how the bench matches alerts to injected attacks and runs to each other. */
const alertKey = (a: { policyId: string; subject: { key: string } }): string => `${a.policyId}|${a.subject.key}`;

/**
 * Commits a page the way the stream runner does: the store's own activity writer (on SQLite one prepared
 * statement, the unique key telling which rows were new), one transaction.
 */
async function commitPage(store: Awaited<ReturnType<typeof openStore>>, page: readonly Activity[]): Promise<WrittenPage> {
  let written: WrittenPage = { fresh: [], firstSeq: 0 };
  await store.db.transaction().execute(async (trx) => {
    written = await store.writeActivities(trx, page);
  });
  return written;
}

/**
 * Detection throughput against ingest in the same run: the same pages are committed to a fresh SQLite
 * store (ingest alone), then committed and passed through enrichment and all built-in policies (ingest +
 * detection through the durable consumer), in three rounds on SQLite (the median round is the headline;
 * PostgreSQL runs one). Reports events/s of each, detection's own rate, the ratio, the
 * delay from a page's commit to its alerts (median and p99 over pages that raised or joined an alert), and
 * the injected attacks caught. The offline databases are opened before timing; their one-off load time
 * and memory are measured in a child process.
 */
export async function benchDetection(options: { users?: number; days?: number; pageSize?: number; postgres?: { ingest: string; detection: string; beside: string } } = {}): Promise<Record<string, string | number>> {
  const users = options.users ?? 1000;
  const days = options.days ?? 21;
  const pageSize = options.pageSize ?? 500;
  const { activities, attacks } = detectionWorkload(users, days);
  const pages = pagesOf(activities, pageSize);

  // The offline databases' load time and memory, measured in a fresh process of their own (measured here,
  // the heap would also hold the workload and the numbers could go negative).
  const ipDatabases = await measureIpDatabasesInChild();
  const enricher = await openWarmEnricher();

  // The headline: ingest alone, then ingest + detection, one after the other, in rounds (on SQLite): a change of
  // the machine's load moves a single pair a lot, so the median round is reported, with every round's ratio.
  // The first round also pays for compiling detection's code (a server does that once), so it is often the lowest.
  const now = (activities.at(-1)?.time ?? Date.now()) + MINUTE;
  const rounds: HeadlineRound[] = [];
  for (let round = 0; round < (options.postgres ? 1 : HEADLINE_ROUNDS); round++) rounds.push(await headlineRound(pages, options.postgres, enricher, now));
  const median = [...rounds].sort((x, y) => ratioOfRound(x) - ratioOfRound(y))[Math.floor(rounds.length / 2)] as HeadlineRound;
  const { ms: ingestMs, cpuMs: ingestCpuMs, machineMs: ingestMachineMs } = median.ingest;
  const { ms: bothMs, cpuMs: bothCpuMs, machineMs: bothMachineMs } = median.both;
  const { raised, delays, created, alerts, detectMs, policies } = median;

  // The same rounds run from the bundle Parapet ships (SQLite): tsx, which runs the bench, is not what a deployment runs.
  const shipped = options.postgres ? null : await headlineAsShipped(users, days, pageSize);
  // The same pages with detection in a process of its own, beside ingest (its own job, as `parapet worker` runs it).
  const beside = await ingestWithDetectionBeside(pages, options.postgres?.beside, now);
  const inTurn = options.postgres ? null : await ingestAloneAndWithDetectionInTurn(pages, now, enricher);
  const alertKeys = (list: readonly { policyId: string; subject: { key: string } }[]) => list.map(alertKey).sort().join('\n');

  // Caught / injected: an injected attack is caught when its policy raised an alert about its user.
  const raisedFor = new Set(raised.map(alertKey));
  const caught = attacks.filter((a) => raisedFor.has(`${a.policy}|${a.user}`)).length;
  const attacked = new Set(attacks.map((a) => a.user));
  const onBenign = raised.filter((a) => a.subject.type === 'user' && !attacked.has(a.subject.key));
  const byPolicy = (list: readonly { policyId: string }[]) =>
    Object.entries(list.reduce<Record<string, number>>((m, a) => ({ ...m, [a.policyId.replace(/^detection\./, '')]: (m[a.policyId.replace(/^detection\./, '')] ?? 0) + 1 }), {}))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');

  delays.sort((a, b) => a - b);
  const rate = (ms: number) => Math.round(activities.length / (ms / 1000));
  return {
    'detection workload': `${activities.length} activities, ${users} users, ${days} days, pages of ${pageSize}, ${options.postgres ? 'PostgreSQL' : 'SQLite'}`,
    'ingest alone (events/s)': rate(ingestMs),
    [`ingest + enrichment + ${policies} enabled built-in policies (events/s)`]: rate(bothMs),
    'detection alone (events/s)': rate(detectMs),
    'ingest+detection / ingest alone': Number((rate(bothMs) / rate(ingestMs)).toFixed(3)),
    ...(rounds.length > 1 ? { [`ingest+detection / ingest alone, each of ${rounds.length} rounds (above: the median)`]: rounds.map((r) => ratioOfRound(r).toFixed(3)).join(' / ') } : {}),
    'alerts raised in every round: the same': rounds.every((r) => alertKeys(r.raised) === alertKeys(raised)) ? `yes (${raised.length})` : 'NO',
    ...(shipped
      ? {
          [`ingest+detection / ingest alone, as shipped (the esbuild bundle \`npm start\` runs; median of ${shipped.ratios.length} rounds in a process of its own)`]: Number(percentile([...shipped.ratios].sort((x, y) => x - y), 0.5).toFixed(3)),
          'ingest+detection / ingest alone, as shipped, each round': shipped.ratios.map((r) => r.toFixed(3)).join(' / '),
          'alerts raised as shipped: the same count': shipped.alerts.every((n) => n === raised.length) ? `yes (${raised.length})` : `NO (${shipped.alerts.join(' / ')} against ${raised.length})`,
        }
      : {}),
    // The process's CPU time (user + system) instead of the clock: on a machine shared with other work the
    // wall-clock ratio swings with the load, this one much less.
    'ingest+detection / ingest alone, by CPU time': Number((ingestCpuMs / bothCpuMs).toFixed(3)),
    'CPU ms: ingest alone / ingest + detection': `${Math.round(ingestCpuMs)} / ${Math.round(bothCpuMs)}`,
    // On PostgreSQL the process's CPU leaves out the server's; the machine's counts every process.
    'ingest+detection / ingest alone, by the machine\'s CPU time': ratioOf(ingestMachineMs, bothMachineMs),
    // The two runs above one after the other: a machine whose load changes meanwhile moves this ratio a lot.
    // Page by page in turn, both runs see the same load (SQLite; PostgreSQL would need two more databases).
    'ingest+detection / ingest alone, page by page in turn': inTurn ? Number((inTurn.aloneMs / inTurn.bothMs).toFixed(3)) : 'n/a',
    'ingest+detection / ingest alone, page by page in turn, by CPU time': inTurn ? Number((inTurn.aloneCpuMs / inTurn.bothCpuMs).toFixed(3)) : 'n/a',
    'ingest with detection beside it in its own process, until detection caught up (events/s)': rate(beside.ms),
    'detection beside ingest / ingest alone': Number((rate(beside.ms) / rate(ingestMs)).toFixed(3)),
    'CPU ms beside: ingest process + detection process': `${Math.round(beside.ingestCpuMs)} + ${Math.round(beside.detectionCpuMs)}`,
    'detection beside ingest / ingest alone, by the machine\'s CPU time': ratioOf(ingestMachineMs, beside.machineMs),
    'alerts raised beside ingest: the same as in turn': alertKeys(beside.alerts) === alertKeys(raised) ? `yes (${beside.alerts.length})` : `NO (${beside.alerts.length} against ${raised.length})`,
    'alerts raised': created,
    'pages with alerts': delays.length,
    'commit → alert median (ms)': Number(percentile(delays, 0.5).toFixed(1)),
    'commit → alert p99 (ms)': Number(percentile(delays, 0.99).toFixed(1)),
    'alerts created or joined by new evidence': alerts,
    'injected attacks caught / injected': `${caught} / ${attacks.length} (${byPolicy(attacks.map((a) => ({ policyId: a.policy })))})`,
    'alerts on users with no injected attack': `${onBenign.length}${onBenign.length ? ` (${byPolicy(onBenign)})` : ''}`,
    ...ipDatabases,
  };
}

/** Rounds of the headline pair (SQLite). */
export const HEADLINE_ROUNDS = 3;

/** A round's ratio: ingest alone's time over ingest + detection's (the clock). */
export const ratioOfRound = (r: HeadlineRound): number => r.ingest.ms / r.both.ms;

/** The workload cut into pages of `pageSize`, as a sync commits them. */
export function pagesOf(activities: readonly Activity[], pageSize: number): Activity[][] {
  const pages: Activity[][] = [];
  for (let i = 0; i < activities.length; i += pageSize) pages.push(activities.slice(i, i + pageSize));
  return pages;
}

/** The headline rounds in bench/detection-shipped-child.ts, bundled as Parapet ships and run by Node itself. */
async function headlineAsShipped(users: number, days: number, pageSize: number): Promise<{ ratios: number[]; alerts: number[] }> {
  const build = await bundleAsShipped(ROOT, 'bench/detection-shipped-child.ts');
  try {
    const { stdout } = await run(process.execPath, [build.file, JSON.stringify({ users, days, pageSize })], { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ratios: number[]; alerts: number[] };
  } finally {
    build.cleanup();
  }
}

interface HeadlineRound {
  ingest: ReturnType<ReturnType<typeof startMeter>>;
  both: ReturnType<ReturnType<typeof startMeter>>;
  detectMs: number;
  delays: number[];
  created: number;
  alerts: number;
  raised: Awaited<ReturnType<typeof listAlerts>>;
  policies: number;
}

/**
 * Ingest alone into a fresh store, then ingest + detection into another as the sync runs it: commit a page,
 * then the detection consumer, handed it, commits alerts, state and cursor together.
 */
export async function headlineRound(pages: readonly Activity[][], postgres: { ingest: string; detection: string } | undefined, enricher: Enricher, now: number): Promise<HeadlineRound> {
  const ingestDir = tempDir('parapet-bench-ingest-');
  const ingestStore = await openBenchStore(ingestDir.path, postgres?.ingest);
  const ingestMeter = startMeter();
  for (const page of pages) await commitPage(ingestStore, page);
  const ingest = ingestMeter();
  await ingestStore.close();
  ingestDir.cleanup();

  const dir = tempDir('parapet-bench-detect-');
  const store = await openBenchStore(dir.path, postgres?.detection);
  const consumer = await openBenchConsumer(store.db, enricher, now);
  const delays: number[] = [];
  let detectMs = 0;
  let alerts = 0;
  let created = 0;
  const bothMeter = startMeter();
  for (const page of pages) {
    const fresh = await commitPage(store, page);
    const committed = performance.now();
    // As the sync's committed hook does (src/app/wire-detection.ts): the page just stored is handed over.
    const run = await runDetection(consumer, fresh);
    const done = performance.now();
    detectMs += done - committed;
    created += run.stats.alertsCreated;
    if (run.stats.alertsCreated + run.stats.alertsUpdated > 0) {
      alerts += run.stats.alertsCreated + run.stats.alertsUpdated;
      delays.push(done - committed);
    }
  }
  const both = bothMeter();
  const raised = await listAlerts(store.db, { limit: 100_000 });
  const policies = (await consumer.service()).engine.activePolicies().length;
  await store.close();
  dir.cleanup();
  return { ingest, both, detectMs, delays, created, alerts, raised, policies };
}

/**
 * Ingest alone and ingest + detection (as above) page by page in turn, each page committed to a store of its
 * own for each: the clock and this process's CPU time of each, summed over the pages.
 */
async function ingestAloneAndWithDetectionInTurn(pages: readonly Activity[][], now: number, enricher: Enricher) {
  const aloneDir = tempDir('parapet-bench-turn-alone-');
  const bothDir = tempDir('parapet-bench-turn-both-');
  const alone = await openBenchStore(aloneDir.path, undefined);
  const both = await openBenchStore(bothDir.path, undefined);
  const consumer = await openBenchConsumer(both.db, enricher, now);
  const sums = { aloneMs: 0, aloneCpuMs: 0, bothMs: 0, bothCpuMs: 0 };
  for (const page of pages) {
    const aloneMeter = startMeter();
    await commitPage(alone, page);
    const a = aloneMeter();
    const bothMeter = startMeter();
    await runDetection(consumer, await commitPage(both, page));
    const b = bothMeter();
    sums.aloneMs += a.ms;
    sums.aloneCpuMs += a.cpuMs;
    sums.bothMs += b.ms;
    sums.bothCpuMs += b.cpuMs;
  }
  await alone.close();
  await both.close();
  aloneDir.cleanup();
  bothDir.cleanup();
  return sums;
}

/**
 * Ingests `pages` into a fresh store while bench/detection-consumer-child.ts, a process of its own, evaluates
 * them through the durable consumer as they commit. The clock runs from the first commit until detection's
 * cursor has reached the last activity.
 */
async function ingestWithDetectionBeside(pages: readonly Activity[][], databaseUrl: string | undefined, now: number) {
  const dir = tempDir('parapet-bench-beside-');
  // Opened (and migrated) before the detection process starts.
  const store = await openBenchStore(dir.path, databaseUrl);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', 'detection-consumer-child.ts'), JSON.stringify({ dataDir: dir.path, databaseUrl, now })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ready = await lines.next();
    if (ready.value !== 'ready') throw new Error(`the detection process did not start: ${String(ready.value)}`);
    const meter = startMeter();
    for (const page of pages) await commitPage(store, page);
    const { cpuMs: ingestCpuMs } = meter();
    child.stdin.end(`${await lastIngestSeq(store.db)}\n`);
    const report = await lines.next();
    const { ms, machineMs } = meter();
    if (report.done) throw new Error('the detection process exited before it caught up');
    const { cpuMs: detectionCpuMs } = JSON.parse(report.value) as { cpuMs: number };
    const [code] = await exited;
    if (code !== 0) throw new Error(`the detection process exited ${String(code)}`);
    const alerts = await listAlerts(store.db, { limit: 100_000 });
    return { ms, ingestCpuMs, detectionCpuMs, machineMs, alerts };
  } finally {
    if (child.exitCode === null) child.kill();
    await store.close();
    dir.cleanup();
  }
}

/** Runs bench/ip-memory-child.ts in a fresh Node process (with --expose-gc) and returns its figures. */
async function measureIpDatabasesInChild(): Promise<Record<string, string | number>> {
  const { stdout } = await run(process.execPath, ['--expose-gc', join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', 'ip-memory-child.ts')]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string | number>;
}
