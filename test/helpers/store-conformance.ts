import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, systemClock } from '../../src/core/clock.js';
import { registry } from '../../src/connectors/registry.js';
import type { AnyConnector } from '../../src/connectors/sdk/define-connector.js';
import { CONFORMANCE_NOW } from '../../src/connectors/sdk/conformance/conformance.js';
import { SeededRandom } from '../../src/connectors/sdk/simulator/seeded-random.js';
import type { RunningSimulator, SimulatorOptions } from '../../src/connectors/sdk/simulator/simulator.js';
import { openStore } from '../../src/store/db.js';
import { countActivities, listSourceIds } from '../../src/store/repos/activities.js';
import { createInstance, findInstance, setInstanceEnabled } from '../../src/store/repos/connector-instances.js';
import { SyncService } from '../../src/sync/sync-service.js';
import { createTestDatabase, SQLITE, type TestDialect } from './dialects.js';
import { syncAndKill, type KillTarget } from './kill-sync.js';
import { tempDir } from './temp-dir.js';

/**
 * Kills that must land mid-ingest, per connector: 8 against the frozen tenant and 3 against a live one.
 * Each costs a `parapet sync` process start (the compiled tree: bin/build.js), and `npm test` runs the suite
 * on Node 20 and again on Node 24 within its time budget; every run draws a new seed, so the kill points
 * differ from run to run. PARAPET_KILLS=n runs n (and a quarter as many live) instead: PARAPET_KILLS=20 or
 * more for a soak.
 */
const killsFor = (): { kills: number; live: number } => {
  const forced = process.env.PARAPET_KILLS ? Number(process.env.PARAPET_KILLS) : null;
  if (forced !== null && Number.isInteger(forced) && forced > 0) return { kills: forced, live: Math.max(2, Math.round(forced / 4)) };
  return { kills: 8, live: 3 };
};
const KILLS_PER_ROUND = 10;

/** The seed of every kill schedule: printed, and taken from PARAPET_KILL_SEED to replay a failure. */
const KILL_SEED = process.env.PARAPET_KILL_SEED ? Number(process.env.PARAPET_KILL_SEED) : Date.now() & 0xffffff;
process.stderr.write(`SIGKILL tests: seed ${KILL_SEED} (replay with PARAPET_KILL_SEED=${KILL_SEED})\n`);

function killRandom(label: string): SeededRandom {
  let h = KILL_SEED;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return new SeededRandom(h);
}

/**
 * Per provider, what keeps the kill tests' many syncs of one tenant quick: Microsoft 365's sign-in pages stay large (its
 * content blobs are small anyway) and its audit-log limit is lifted, and DocuSign's rate limits are lifted
 * (throttling is tested elsewhere; here every sync would wait on it).
 */
const KILL_SIM_OPTIONS: Record<string, Record<string, unknown>> = {
  microsoft365: { pageSize: 300, auditLogsRequestsPer10Seconds: 1000 },
  // Some fifty syncs of one frozen account would spend DocuSign's hourly budget (its hour never ends) and
  // wait out its 30-second bursts: lifted here, tested by the conformance fault run.
  // A local DocuSign sync commits its pages faster than a kill lands between them: each response waits as
  // it would across the internet.
  docusign: { rateLimits: { hourly: 1_000_000, burst: 100_000 }, latencyMs: 15 },
  // GitHub's audit-log budget (1,750 queries an hour) would run out over the kill tests' syncs; lifted here,
  // tested by the simulator's own tests. Its pages commit in a blink: latency lets kills land mid-ingest.
  github: { auditLogPerHour: 1_000_000, latencyMs: 20 },
  // Google's 2,400 queries a minute per user run out once the kill syncs start quickly (the bundled CLI):
  // lifted here, tested by the simulator's own tests.
  'google-workspace': { queriesPerMinute: 1_000_000 },
  // Okta's per-minute buckets would make some fifty syncs wait minutes; a little latency lets kills land between pages.
  okta: { rateLimits: { logsPerMinute: 100_000, otherPerMinute: 100_000 }, latencyMs: 10 },
  // Slack's Audit Logs budget is org-wide (Tier 3, ~50 a minute): lifted for the same reason; a little
  // latency per response lets the kills land between its few page commits.
  slack: { pageSize: 20, rateLimits: { audit: { perMinute: 1_000_000, burst: 1_000_000 }, web: { perMinute: 1_000_000, burst: 1_000_000 } }, latencyMs: 40 },
  // Atlassian's events-stream pages commit in a blink locally, so against the live tenant (little new content
  // per sync) kills missed the ingest: a little latency per response lets them land between pages.
  atlassian: { latencyMs: 15 },
  // Box's per-user minute (about 1,000 requests) would make the kill syncs wait; a little latency lets kills land between pages.
  box: { requestsPerMinute: 1_000_000, latencyMs: 15 },
  // Zoom's per-second labels and daily Heavy cap would throttle some fifty syncs of one account: lifted here,
  // tested by the simulator's own tests; a little latency lets the kills land between page commits.
  zoom: { pageSize: 20, rateLimits: { perSecond: { Light: 1_000_000, Medium: 1_000_000, Heavy: 1_000_000 }, heavyPerDay: 1_000_000_000 }, latencyMs: 20 },
  // Salesforce's SOQL pages and Event Log File rows commit quickly: a little latency lets the kills land between them.
  salesforce: { pageSize: 20, latencyMs: 20 },
  // ServiceNow's simulated rate-limit rule (100,000 an hour) holds for these syncs; a little latency lets the kills land between page commits.
  servicenow: { latencyMs: 10 },
  // Dropbox's team log pages commit in a blink locally: a little latency per response lets kills land between them.
  dropbox: { latencyMs: 15 },
};
const killSimOptions = (id: string, options: SimulatorOptions): SimulatorOptions => ({ pageSize: 40, historyDays: 5, ...options, ...KILL_SIM_OPTIONS[id] }) as SimulatorOptions;

/**
 * The connectors whose SIGKILL tests run in `npm test` (on SQLite, Node 20 and 24): the two reference
 * connectors, one an account-paged REST API, the other a content feed of blobs listed late. Every connector's
 * kill tests run in the chaos stage (`npm run test:chaos`): on SQLite (test/chaos/kills-sqlite.ts) and on
 * PostgreSQL (test/chaos/kills-postgres.ts).
 */
const KILL_REFERENCE_CONNECTORS: readonly string[] = ['docusign', 'microsoft365'];

export const isKillReference = (connectorId: string): boolean => KILL_REFERENCE_CONNECTORS.includes(connectorId);

/** Splits `connectors` into `shards` lists, the reference connectors first so that they land in different shards. */
export function shardConnectors(connectors: readonly AnyConnector[], shard: number, shards: number): AnyConnector[] {
  const ordered = [...connectors.filter((c) => isKillReference(c.id)), ...connectors.filter((c) => !isKillReference(c.id))];
  return ordered.filter((_, index) => index % shards === shard);
}

/** How many test files `npm test`'s part of the suite is split over (test/conformance-sync-1..N.test.ts). */
const CONFORMANCE_SYNC_SHARDS = 2;

/**
 * One of `npm test`'s shards of the suite (test/conformance-sync-<shard + 1>.test.ts): the store tests of its
 * connectors, and the kill tests of the reference connector among them (the others' run in the chaos stage).
 */
export function defineConformanceSyncShard(connectors: readonly AnyConnector[], shard: number): void {
  defineStoreConformance(shardConnectors(connectors, shard, CONFORMANCE_SYNC_SHARDS), { parts: { store: true, kills: isKillReference } });
}

export interface StoreConformanceOptions {
  /** The database the stores live in. @default SQLite */
  dialect?: TestDialect;
  /** Kills against the frozen and the live tenant. @default 8 and 3, or PARAPET_KILLS */
  kills?: { kills: number; live: number };
  /**
   * Which tests: `store` (truth stored once, disable / enable) and `kills` (SIGKILLs mid-ingest, against a
   * frozen and a live tenant) for the connectors it accepts. @default both, for every connector
   */
  parts?: { store: boolean; kills: (connectorId: string) => boolean };
}

/**
 * The store + sync conformance suite (truth stored once, disable/enable, SIGKILLs mid-ingest) for the given
 * connectors. Its kill tests are the longest of all: `npm test` runs the store tests of every connector and
 * the kill tests of the reference connectors (test/conformance-sync-<n>.test.ts, split so that they run on
 * several vitest workers); the chaos stage runs every connector's kill tests on both databases.
 */
export function defineStoreConformance(connectors: readonly AnyConnector[], options: StoreConformanceOptions = {}): void {
  const dialect = options.dialect ?? SQLITE;
  const parts = options.parts ?? { store: true, kills: () => true };
  const { kills: KILLS, live: LIVE_KILLS } = options.kills && !process.env.PARAPET_KILLS ? options.kills : killsFor();
  for (const connector of connectors) {
    const withKills = parts.kills(connector.id);
    if (!parts.store && !withKills) continue;
    describe(`conformance (store + sync${dialect === SQLITE ? '' : `, ${dialect.label}`}): ${connector.id}`, () => {
      let sim: RunningSimulator<unknown>;
      if (parts.store) {
        beforeAll(async () => {
          // Large pages here: the provider's real rate limits apply, and these tests are about the store.
          sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 500 });
        });
        afterAll(async () => {
          await sim.close();
        });
      }

      /** A data directory and, on PostgreSQL, its own schema: what one `parapet` installation would have. */
      async function newTarget(): Promise<KillTarget & { cleanup(): Promise<void> }> {
        const dir = tempDir();
        const database = await createTestDatabase(dialect);
        return {
          dataDir: dir.path,
          databaseUrl: database.databaseUrl,
          async cleanup() {
            await database.drop();
            dir.cleanup();
          },
        };
      }

      async function setUp(target: KillTarget, name: string, config: unknown = sim.config) {
        const store = await openStore(target);
        await createInstance(store.db, store.secrets, { name, provider: connector.id, config, now: Date.now() });
        return store;
      }

      if (parts.store) {
        it('a sync stores exactly the simulator truth; syncing again, or with --full, duplicates nothing', async () => {
          const target = await newTarget();
          const store = await setUp(target, 'c');
          try {
            const sync = new SyncService({ store, registry, logger: pino({ level: 'silent' }), clock: systemClock, backfillDays: 7 });
            const first = await sync.syncInstance('c');
            expect(first.streams.filter((s) => !s.ok)).toEqual([]);
            expect(first.instance.status).toBe('connected');
            const truth = [...new Set(sim.truth().activityIds)].sort();
            expect(await listSourceIds(store.db, first.instance.id)).toEqual(truth);
            await sync.syncInstance('c');
            await sync.syncInstance('c', { full: true });
            expect(await countActivities(store.db, first.instance.id)).toBe(truth.length);
          } finally {
            await store.close();
            await target.cleanup();
          }
        });

        it('a disabled connector keeps its history and resumes from its checkpoint when enabled', async () => {
          // Its own simulator: the provider's burst window is not shared with the test before.
          const own = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 500 });
          const target = await newTarget();
          const store = await setUp(target, 'c', own.config);
          try {
            const sync = new SyncService({ store, registry, logger: pino({ level: 'silent' }), clock: systemClock, backfillDays: 7 });
            await sync.syncInstance('c');
            const instance = await findInstance(store.db, 'c');
            const before = await countActivities(store.db, instance.id);
            await setInstanceEnabled(store.db, instance.id, false, Date.now());
            await expect(sync.syncInstance('c')).rejects.toThrow(/disabled/);
            expect(await countActivities(store.db, instance.id)).toBe(before);
            await setInstanceEnabled(store.db, instance.id, true, Date.now());
            const resumed = await sync.syncInstance('c');
            expect(resumed.ok).toBe(true);
            expect(resumed.streams.find((s) => s.stream === 'activities')?.stored ?? 0).toBe(0);
            expect(await countActivities(store.db, instance.id)).toBe(before);
          } finally {
            await store.close();
            await own.close();
            await target.cleanup();
          }
        });
      }

      /**
       * Kills `parapet sync` with SIGKILL until `kills` kills landed while activities were being ingested
       * (after a page of that run committed, before its streams finished), a few per data directory; each
       * directory then syncs to the end and must hold exactly the simulator's data. `between` runs after every
       * kill (a live simulator moves its clock there, so late content keeps arriving).
       */
      async function killUntil(sim: RunningSimulator<unknown>, kills: number, random: SeededRandom, live: boolean, between: () => Promise<void>) {
        const truthNow = () => [...new Set(sim.truth().activityIds)].sort();
        const streams = Object.entries(connector.streams).filter(([, st]) => st.kind === 'incremental').map(([name]) => name);
        let landed = 0;
        let attempts = 0;
        // How long after the first committed page to kill: shrinks when kills land after the end.
        let delayCeiling = 300;
        while (landed < kills) {
          const target = await newTarget();
          await (await setUp(target, 'c', sim.config)).close();
          try {
            for (let inRound = 0; inRound < KILLS_PER_ROUND && landed < kills; ) {
              expect(attempts++, `only ${landed} of ${kills} kills landed mid-ingest in ${attempts} attempts`).toBeLessThan(kills * 5);
              const outcome = await syncAndKill(target, 'c', streams, random.int(0, delayCeiling));
              await between();
              if (outcome.midIngest) {
                landed++;
                inRound++;
              } else if (outcome.finished) {
                // This directory caught up (a kill after the last page, or nothing new to read): no later
                // kill can land in it. Check it, and go on in a fresh one, killing sooner.
                if (outcome.killed) delayCeiling = Math.max(20, Math.floor(delayCeiling / 2));
                break;
              }
            }
            // A live simulator keeps adding activity: the last sync must hold everything there was before it
            // started (it reads up to a whole second before its start), nothing that never existed, each once.
            const before = truthNow();
            if (live) await new Promise((r) => setTimeout(r, 1100));
            await syncAndKill(target, 'c', streams, null);
            const after = new Set(truthNow());
            const store = await openStore(target);
            try {
              const instance = await findInstance(store.db, 'c');
              const stored = await listSourceIds(store.db, instance.id);
              expect(stored).toHaveLength(new Set(stored).size);
              const storedSet = new Set(stored);
              expect(before.filter((id) => !storedSet.has(id)), 'lost').toEqual([]);
              expect(stored.filter((id) => !after.has(id)), 'never in the simulator').toEqual([]);
              if (!live) expect(stored).toEqual(before);
            } finally {
              await store.close();
            }
          } finally {
            await target.cleanup();
          }
        }
        expect(landed).toBe(kills);
      }

      if (withKills) {
        it(`a sync killed with SIGKILL mid-ingest (${KILLS} kills, seed ${KILL_SEED}) ends with exactly the simulator's data`, async () => {
          // Less history than the 7-day backfill: the truth is everything the simulator holds, whatever the
          // connector's windows are.
          const killSim = await connector.simulator.start(killSimOptions(connector.id, { seed: 7, frozenAt: CONFORMANCE_NOW }));
          try {
            const truth = killSim.truth();
            expect(truth.activityIds.length).toBeGreaterThan(5 * (killSimOptions(connector.id, {}).pageSize ?? 0));
            // Where the simulator can list its whole content feed, the truth covers all of it.
            const feed = (killSim as { feedRecordIds?: () => string[] }).feedRecordIds?.call(killSim) ?? [];
            const truthSet = new Set(truth.activityIds);
            expect(feed.filter((id) => !truthSet.has(id))).toEqual([]);
            await killUntil(killSim, KILLS, killRandom(connector.id), false, async () => undefined);
          } finally {
            await killSim.close();
          }
        }, 600_000);

        it(`a sync killed mid-ingest against a live simulator whose content keeps arriving late (${LIVE_KILLS} kills, seed ${KILL_SEED}) ends with exactly its data`, async () => {
          const liveSim = await connector.simulator.start(killSimOptions(connector.id, { seed: 7 }));
          const advance = (liveSim as { advance?: (ms: number) => Promise<void> }).advance;
          try {
            // Between kills the tenant's clock moves on ten minutes: new activity, and blobs listed late, show up.
            await killUntil(liveSim, LIVE_KILLS, killRandom(`${connector.id}-live`), true, async () => advance?.call(liveSim, 10 * MINUTE));
          } finally {
            await liveSim.close();
          }
        }, 600_000);
      }
    });
  }
}
