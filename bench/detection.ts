import { performance } from 'node:perf_hooks';
import type { Activity } from '../src/core/activity.js';
import { DAY, HOUR, MINUTE } from '../src/core/clock.js';
import { buildActivity, type ActivityInput } from '../src/detection/activity-builder.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { openStore } from '../src/store/db.js';
import { existingSourceIds, insertActivities } from '../src/store/repos/activities.js';
import { tempDir } from '../test/helpers/temp-dir.js';

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
export function detectionWorkload(users: number, days: number, seed = 7): Activity[] {
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
  for (let k = 0; k < Math.max(20, Math.floor(users / 10)); k++) {
    const email = `user${(k * 7) % users}@bench.example`;
    const t = attackStart + Math.floor(random() * (days / 3)) * DAY + Math.floor(random() * 20) * HOUR;
    const kind = k % 4;
    if (kind === 0) for (let i = 0; i < 15; i++) add({ action: 'user.login_failed', actor: { email }, srcIp: '194.168.255.77', time: t + i * 12_000 });
    if (kind === 1) add({ action: 'user.login', actor: { email }, srcIp: FAR, time: t + 20 * MINUTE });
    if (kind === 2) add({ action: 'user.login', actor: { email }, srcIp: VPN, time: t });
    if (kind === 3) for (let i = 0; i < 120; i++) add({ action: 'file.downloaded', actor: { email }, srcIp: HOMES[0] as string, time: t + i * 5_000 });
  }
  return out.map((i) => buildActivity(i)).sort((a, b) => a.time - b.time);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Commits a page the way the stream runner does: skip known ids, insert, one transaction. */
async function commitPage(store: Awaited<ReturnType<typeof openStore>>, page: readonly Activity[]): Promise<Activity[]> {
  let fresh: Activity[] = [];
  await store.db.transaction().execute(async (trx) => {
    const known = await existingSourceIds(trx, 'bench', page.map((a) => a.sourceId));
    fresh = page.filter((a) => !known.has(a.sourceId));
    await insertActivities(trx, fresh);
  });
  return fresh;
}

/**
 * Detection throughput against ingest in the same run: the same pages are committed to a fresh SQLite
 * store (ingest alone), then committed and passed through enrichment and all built-in policies (ingest +
 * detection). Reports events/s of each, detection's own rate, the ratio, and the delay from a page's
 * commit to its alerts (median and p99 over pages that raised or joined an alert). The offline databases
 * are opened before timing (their one-off load is reported separately).
 */
export async function benchDetection(options: { users?: number; days?: number; pageSize?: number } = {}): Promise<Record<string, string | number>> {
  const users = options.users ?? 1000;
  const days = options.days ?? 21;
  const pageSize = options.pageSize ?? 500;
  const activities = detectionWorkload(users, days);
  const pages: Activity[][] = [];
  for (let i = 0; i < activities.length; i += pageSize) pages.push(activities.slice(i, i + pageSize));

  // One-off: load the offline databases (lazy in production) and measure what the ASN ranges cost.
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = () => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const m0 = used();
  const asnStart = performance.now();
  const { enricher, asn } = openEnricher({});
  const ranges = asn?.preload() ?? { ipv4Ranges: 0, ipv6Ranges: 0 };
  const asnMs = performance.now() - asnStart;
  const m1 = used();
  const cityStart = performance.now();
  await enricher.prepare([buildActivity({ srcIp: '81.2.69.160' }), buildActivity({ srcIp: '2a02:c7f:7e1c:4a00::1' })]);
  const cityMs = performance.now() - cityStart;
  const m2 = used();

  // Ingest alone.
  const ingestDir = tempDir('parapet-bench-ingest-');
  const ingestStore = await openStore({ dataDir: ingestDir.path });
  const ingestStart = performance.now();
  for (const page of pages) await commitPage(ingestStore, page);
  const ingestMs = performance.now() - ingestStart;
  await ingestStore.close();
  ingestDir.cleanup();

  // Ingest + detection (the sync's hook after each committed page).
  const dir = tempDir('parapet-bench-detect-');
  const store = await openStore({ dataDir: dir.path });
  const now = (activities.at(-1)?.time ?? Date.now()) + MINUTE;
  const service = await createDetectionEngine({ db: store.db, clock: { now: () => now }, enricher });
  const delays: number[] = [];
  let detectMs = 0;
  let alerts = 0;
  let created = 0;
  const bothStart = performance.now();
  for (const page of pages) {
    const fresh = await commitPage(store, page);
    const committed = performance.now();
    const result = await service.processPage('bench', fresh);
    const done = performance.now();
    detectMs += done - committed;
    created += result.stats.alertsCreated;
    if (result.alerts.length) {
      alerts += result.alerts.length;
      delays.push(done - committed);
    }
  }
  const bothMs = performance.now() - bothStart;
  await store.close();
  dir.cleanup();

  delays.sort((a, b) => a - b);
  const rate = (ms: number) => Math.round(activities.length / (ms / 1000));
  return {
    'detection workload': `${activities.length} activities, ${users} users, ${days} days, pages of ${pageSize}`,
    'ingest alone (events/s)': rate(ingestMs),
    'ingest + enrichment + 12 built-in policies (events/s)': rate(bothMs),
    'detection alone (events/s)': rate(detectMs),
    'ingest+detection / ingest alone': Number((rate(bothMs) / rate(ingestMs)).toFixed(3)),
    'alerts raised': created,
    'pages with alerts': delays.length,
    'commit → alert median (ms)': Number(percentile(delays, 0.5).toFixed(1)),
    'commit → alert p99 (ms)': Number(percentile(delays, 0.99).toFixed(1)),
    'alert updates returned': alerts,
    'ASN ranges loaded': `${ranges.ipv4Ranges} IPv4 + ${ranges.ipv6Ranges} IPv6`,
    'ASN ranges load (ms)': Math.round(asnMs),
    [`ASN ranges memory (MB${gc ? '' : ', approximate: run node with --expose-gc'})`]: Number(((m1 - m0) / 1e6).toFixed(1)),
    'city databases open, IPv4 + IPv6 (ms)': Math.round(cityMs),
    'city databases memory (MB)': Number(((m2 - m1) / 1e6).toFixed(1)),
  };
}
