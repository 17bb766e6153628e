import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { request } from 'undici';
import { buildApi } from '../src/api/build-api.js';
import { API_TOKEN_PREFIX, randomToken, sha256 } from '../src/api/auth/secrets.js';
import { registry } from '../src/connectors/registry.js';
import { ACTIONS, ocsfFor, type Activity } from '../src/core/activity.js';
import { systemClock } from '../src/core/clock.js';
import { newId } from '../src/core/ids.js';
import { openStore, type Store } from '../src/store/db.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { createUser } from '../src/store/repos/users.js';
import { SyncService } from '../src/sync/sync-service.js';

/**
 * The portal's default activity queries through the HTTP API (real sockets, the full Fastify pipeline)
 * over `size` stored activities spread over 30 days, 2,000 users and 5,000 addresses; and the export of
 * all of them streamed in a child process whose peak RSS is measured.
 */
export interface ApiBenchResult {
  activities: number;
  p95Ms: Record<string, number>;
  /**
   * The same queries at a tenth of `activities` (the basis of the extrapolation), and each query's p95 at ten
   * times `activities` extrapolated from them: the growth measured over that decade, applied once more
   * (p95(10n) ≈ p95(n)² / p95(n/10)). Absent when the benchmark ran with `extrapolate: false`.
   */
  tenthP95Ms?: Record<string, number>;
  extrapolatedP95Ms?: Record<string, number>;
  exportPeakRssMb: number;
  /** RSS of the export process before the export started (code and database opened). */
  exportBaselineRssMb: number;
  exportSeconds: number;
  exportBytes: number;
}

const DAY = 86_400_000;
const USERS = 2000;
const IPS = 5000;

export async function seedActivities(store: Store, size: number, now: number): Promise<void> {
  const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: 'docusign', config: {}, now });
  const actions = ACTIONS.slice(0, 20);
  const batch: Activity[] = [];
  for (let i = 0; i < size; i++) {
    const action = actions[i % actions.length] ?? 'user.login';
    const time = now - Math.floor((i / size) * 30 * DAY);
    const user = `user${(i * 7919) % USERS}@bench.example`;
    const ip = `10.${(i * 31) % IPS >> 8}.${((i * 31) % IPS) & 255}.${i % 7}`;
    batch.push({
      id: newId(time),
      connectorInstanceId: instance.id,
      provider: 'docusign',
      app: 'eSignature',
      tenantId: null,
      sourceId: `s${i}`,
      time,
      originalTime: new Date(time).toISOString(),
      ingestedAt: time,
      ocsf: ocsfFor(action),
      severityId: 1,
      action,
      eventType: `Bench${action}`,
      message: i % 50 === 0 ? `Envelope ${i} downloaded by ${user}` : null,
      outcome: i % 9 === 0 ? 'failure' : 'success',
      outcomeReason: null,
      outcomeCode: null,
      actor: { userId: `u${(i * 7919) % USERS}`, email: user, name: null, type: 'user', isAdmin: false, appId: null, appName: null },
      impersonator: null,
      service: null,
      targets: [],
      srcIp: ip,
      srcPort: null,
      ipVersion: 4,
      geo: { country: i % 5 === 0 ? 'NL' : 'US', region: null, city: null, lat: null, lon: null, source: 'provider' },
      asn: null,
      asOrg: null,
      isp: null,
      ipFlags: null,
      userAgent: 'Mozilla/5.0 (bench)',
      ua: { os: null, browser: null, device: null },
      device: null,
      sessionId: null,
      correlationId: null,
      auth: { mfa: null, protocol: null, interactive: null, method: null },
      raw: { eventId: `s${i}`, n: i },
    });
    if (batch.length === 5000 || i === size - 1) {
      await store.db.transaction().execute((trx) => store.writeActivities(trx, batch.splice(0)));
    }
  }
}

async function listen(dataDir: string) {
  const store = await openStore({ dataDir });
  const logger = pino({ level: 'warn' });
  const sync = new SyncService({ store, registry, logger, clock: systemClock, backfillDays: 7 });
  const app = await buildApi({ store, sync, registry, clock: systemClock, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, store, base: `http://127.0.0.1:${port}` };
}

export async function createBenchToken(store: Store): Promise<string> {
  const now = Date.now();
  const user = await createUser(store.db, { username: `bench-${now}`, role: 'viewer', passwordHash: null, now });
  const secret = randomToken(API_TOKEN_PREFIX);
  await store.db.insertInto('api_tokens').values({ id: newId(now), user_id: user.id, name: 'bench', token_hash: sha256(secret), prefix: secret.slice(0, 10), scope: 'read', created_at: now, expires_at: null, last_used_at: null }).execute();
  return secret;
}

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.95) - 1] ?? 0;

export async function benchApi(options: { activities?: number; runs?: number; extrapolate?: boolean } = {}): Promise<ApiBenchResult> {
  const size = options.activities ?? 1_000_000;
  const runs = options.runs ?? 40;
  const now = Date.now();
  const tenth = options.extrapolate === false ? undefined : await withSeededStore(Math.round(size / 10), now, async (dataDir, token) => queryP95(dataDir, token, now, runs));
  return withSeededStore(size, now, async (dataDir, token) => {
    const p95Ms = await queryP95(dataDir, token, now, runs);
    const exported = await exportThroughServer(dataDir, token);
    const extrapolated = tenth && Object.fromEntries(Object.entries(p95Ms).map(([name, ms]) => [name, Math.round(((ms * ms) / Math.max(tenth[name] ?? ms, 0.1)) * 10) / 10]));
    return {
      activities: size,
      p95Ms,
      ...(tenth && extrapolated ? { tenthP95Ms: tenth, extrapolatedP95Ms: extrapolated } : {}),
      exportPeakRssMb: exported.peakRssMb,
      exportBaselineRssMb: exported.baselineRssMb,
      exportSeconds: exported.seconds,
      exportBytes: exported.bytes,
    };
  });
}

/** A fresh data directory with `size` activities and a read token, removed after `fn`. */
async function withSeededStore<T>(size: number, now: number, fn: (dataDir: string, token: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parapet-bench-api-'));
  try {
    const seedStore = await openStore({ dataDir });
    await seedActivities(seedStore, size, now);
    await sql`ANALYZE`.execute(seedStore.db);
    const token = await createBenchToken(seedStore);
    await seedStore.close();
    return await fn(dataDir, token);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** p95 of each default portal query through the HTTP API (`runs` requests each, the first two warm-up). */
async function queryP95(dataDir: string, token: string, now: number, runs: number): Promise<Record<string, number>> {
  const { app, store, base } = await listen(dataDir);
  try {
    const headers = { authorization: `Bearer ${token}` };
    const queries: Record<string, (i: number) => string> = {
      'last 24 h': () => `from=${new Date(now - DAY).toISOString()}`,
      'by user': (i) => `user=user${(i * 37) % USERS}@bench.example`,
      'by IP': (i) => `ip=10.${((i * 131) % IPS) >> 8}.${((i * 131) % IPS) & 255}.${i % 7}`,
      'by action': (i) => `action=${ACTIONS[i % 20]}`,
      'text search (last 24 h)': (i) => `from=${new Date(now - DAY).toISOString()}&q=envelope ${i}`,
    };
    const p95Ms: Record<string, number> = {};
    for (const [name, query] of Object.entries(queries)) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const response = await request(`${base}/api/v1/activities?limit=50&${query(i)}`, { headers });
        const body = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${body.slice(0, 200)}`);
        if (i > 1) samples.push(performance.now() - started); // the first two warm the page cache
      }
      p95Ms[name] = Math.round(p95(samples) * 10) / 10;
    }
    return p95Ms;
  } finally {
    await app.close();
    await store.close();
  }
}

/** Starts the server child, streams the whole JSONL export from this process, and reads the child's peak RSS. */
async function exportThroughServer(dataDir: string, token: string): Promise<{ baselineRssMb: number; peakRssMb: number; seconds: number; bytes: number }> {
  const child = spawn(process.execPath, ['bench/api-export-child.js', dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
  try {
    const { base } = (await next()) as { base: string };
    const started = performance.now();
    const response = await request(`${base}/api/v1/activities/export?format=jsonl`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    for await (const chunk of response.body) bytes += (chunk as Buffer).length;
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    child.stdin.write('report\n');
    const { baselineRssMb, peakRssMb } = (await next()) as { baselineRssMb: number; peakRssMb: number };
    return { baselineRssMb, peakRssMb, seconds, bytes };
  } finally {
    child.stdin.end();
  }
}

/** The lines for `npm run bench`. */
export function describeApiBench(r: ApiBenchResult, verdict: (ok: boolean) => string): string {
  const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n.toLocaleString('en'));
  const list = (p95: Record<string, number>) => Object.entries(p95).map(([k, v]) => `${k} ${v} ms`).join(', ');
  const worst = (p95: Record<string, number>) => Math.max(...Object.values(p95));
  const lines = [
    `(f) API activity queries at ${r.activities.toLocaleString('en')} activities, p95: ${list(r.p95Ms)} (target < 100 ms at 1M, ${verdict(worst(r.p95Ms) < 100)})`,
  ];
  if (r.tenthP95Ms && r.extrapolatedP95Ms) {
    lines.push(
      `(f) the same at ${size(r.activities * 10)}, extrapolated: ${list(r.extrapolatedP95Ms)} (target < 300 ms at 10M, ${verdict(worst(r.extrapolatedP95Ms) < 300)}); ` +
        `basis: p95 measured at ${size(r.activities / 10)} (${list(r.tenthP95Ms)}) and at ${size(r.activities)}, each query's growth over that decade applied once more (p95 at 10n ≈ p95(n)² / p95(n/10)); ` +
        `\`--api-size=${r.activities * 10}\` measures it`,
    );
  }
  lines.push(
    `(f) export of all ${r.activities.toLocaleString('en')} activities as JSON lines streamed in ${r.exportSeconds} s (${Math.round(r.exportBytes / 1048576)} MB), ` +
      `server peak RSS ${r.exportPeakRssMb} MB, ${r.exportBaselineRssMb} MB before it started (target < 200 MB, ${verdict(r.exportPeakRssMb < 200)})`,
  );
  return lines.join('\n');
}
