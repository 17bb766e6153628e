import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.js';
import { connectors, registry } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { SeededRandom } from '../src/connectors/sdk/simulator/seeded-random.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { openStore } from '../src/store/db.js';
import { countActivities, listSourceIds } from '../src/store/repos/activities.js';
import { createInstance, findInstance, setInstanceEnabled } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'parapet.js');
const KILLS = 20;
const KILLS_PER_ROUND = 4;

/** Runs `parapet sync <name>`; kills it with SIGKILL after `killAfterMs` unless it ends first. */
function runSync(dataDir: string, name: string, killAfterMs: number | null): Promise<{ code: number | null; killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, 'sync', name], {
      env: { ...process.env, PARAPET_DATA_DIR: dataDir, PARAPET_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const timer = killAfterMs === null ? null : setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      if (!killed && code !== 0) reject(new Error(`parapet sync exited ${code}: ${stderr}`));
      else resolve({ code, killed, ms: Date.now() - started });
    });
  });
}

for (const connector of connectors) {
  describe(`conformance (store + sync): ${connector.id}`, () => {
    let sim: RunningSimulator<unknown>;
    beforeAll(async () => {
      // Large pages here: the provider's real rate limits apply, and these tests are about the store.
      sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 500 });
    });
    afterAll(async () => {
      await sim.close();
    });

    async function setUp(dataDir: string, name: string, config: unknown = sim.config) {
      const store = await openStore({ dataDir });
      await createInstance(store.db, store.secrets, { name, provider: connector.id, config, now: Date.now() });
      return store;
    }

    it('a sync stores exactly the simulator truth; syncing again, or with --full, duplicates nothing', async () => {
      const dir = tempDir();
      const store = await setUp(dir.path, 'c');
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
        dir.cleanup();
      }
    });

    it('a disabled connector keeps its history and resumes from its checkpoint when enabled', async () => {
      // Its own simulator: the provider's burst window is not shared with the test before.
      const own = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 500 });
      const dir = tempDir();
      const store = await setUp(dir.path, 'c', own.config);
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
        dir.cleanup();
      }
    });

    it(`a sync killed with SIGKILL at random points (${KILLS} kills) ends with exactly the truth`, async () => {
      // Small pages: many commits for a kill to land between.
      const killSim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 40 });
      try {
      const random = new SeededRandom(Date.now() & 0xffff);
      const truth = [...new Set(killSim.truth().activityIds)].sort();
      // Time one uninterrupted run, so kills land anywhere from process start to the last commit.
      const reference = tempDir();
      await (await setUp(reference.path, 'c', killSim.config)).close();
      const { ms: fullRunMs } = await runSync(reference.path, 'c', null);
      reference.cleanup();
      // Rounds go on until KILLS kills have landed mid-run; a resumed run is shorter than a full one, so each
      // kill is drawn within the length of the last run that completed.
      let killedMidway = 0;
      let attempts = 0;
      while (killedMidway < KILLS && attempts < KILLS * 4) {
        const dir = tempDir();
        await (await setUp(dir.path, 'c', killSim.config)).close();
        try {
          let runMs = fullRunMs;
          for (let kill = 0; kill < KILLS_PER_ROUND && killedMidway < KILLS; kill++) {
            attempts++;
            const result = await runSync(dir.path, 'c', random.int(20, Math.max(runMs, 200)));
            if (result.killed) killedMidway++;
            else runMs = result.ms;
          }
          await runSync(dir.path, 'c', null);
          const store = await openStore({ dataDir: dir.path });
          try {
            const instance = await findInstance(store.db, 'c');
            expect(await listSourceIds(store.db, instance.id)).toEqual(truth);
            expect(await countActivities(store.db, instance.id)).toBe(truth.length);
          } finally {
            await store.close();
          }
        } finally {
          dir.cleanup();
        }
      }
      expect(killedMidway).toBe(KILLS);
      } finally {
        await killSim.close();
      }
    }, 300_000);
  });
}
