import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { manualClock } from '../core/clock.js';
import type { IncrementalStream, SnapshotStream } from '../connectors/sdk/define-connector.js';
import { loadFixtures } from '../connectors/sdk/conformance/load-fixtures.js';
import { countActivities, listSourceIds } from '../store/repos/activities.js';
import { findInstance, readInstanceConfig, replaceInstanceConfig } from '../store/repos/connector-instances.js';
import { getCheckpoint } from '../store/repos/stream-states.js';
import { SyncService } from './sync-service.js';
import { connectorWithStreams, useInstanceStore } from '../../test/helpers/test-connector.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = loadFixtures(join(here, '..', 'connectors', 'docusign', 'simulator', 'fixtures')) as Record<string, unknown>[];
const fixtureIds = fixtures.map((f) => String(f.eventId)).sort();

/** All fixtures in one page; records every checkpoint it was started from. */
function fixtureStream(seen: (string | null)[]): IncrementalStream<unknown> {
  return {
    kind: 'incremental',
    entity: 'activities',
    async *read(_s, _r, { checkpoint }) {
      seen.push(checkpoint);
      if (checkpoint === 'end') return;
      yield { records: fixtures, checkpoint: 'end' };
    },
  };
}

const failingSnapshot: SnapshotStream<unknown> = {
  kind: 'snapshot',
  entity: 'accounts',
  // eslint-disable-next-line require-yield
  async *read() {
    throw new Error('directory unavailable');
  },
};

const clock = manualClock(Date.UTC(2026, 10, 20));
describeDialects('sync service', (dialect) => {
  const bed = useInstanceStore(clock, dialect);

  describe('SyncService', () => {
    it('a failing snapshot stream does not stop the activities; the status names the stream that failed and why', async () => {
      const seen: (string | null)[] = [];
      const { registry } = connectorWithStreams({ accounts: failingSnapshot, activities: fixtureStream(seen) });
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      const summary = await sync.syncInstance('c');
      expect(summary.ok).toBe(false);
      expect(summary.streams.map((s) => [s.stream, s.ok])).toEqual([
        ['accounts', false],
        ['activities', true],
      ]);
      const instance = await findInstance(bed.store().db, 'c');
      expect(instance.status).toBe('error');
      expect(instance.statusReason).toBe('accounts: directory unavailable');
      expect(await listSourceIds(bed.store().db, instance.id)).toEqual(fixtureIds);
    });

    it('resumes from the checkpoint; --full forgets it, reads the window again and duplicates nothing', async () => {
      const seen: (string | null)[] = [];
      const { registry } = connectorWithStreams({ activities: fixtureStream(seen) });
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      const first = await sync.syncInstance('c');
      expect(first.ok).toBe(true);
      expect(first.instance.status).toBe('connected');
      expect(await getCheckpoint(bed.store().db, first.instance.id, 'activities')).toBe('end');
      const again = await sync.syncInstance('c');
      expect(again.streams[0]?.records).toBe(0);
      const full = await sync.syncInstance('c', { full: true });
      expect(full.streams[0]).toMatchObject({ records: fixtures.length, stored: 0 });
      expect(seen).toEqual([null, 'end', null]);
      expect(await countActivities(bed.store().db, first.instance.id)).toBe(fixtures.length);
    });

    it('runs only the kinds asked for, snapshots before activities', async () => {
      const order: string[] = [];
      const snapshot: SnapshotStream<unknown> = {
        kind: 'snapshot',
        entity: 'settings',
        async *read() {
          order.push('settings');
          yield [];
        },
      };
      const activities: IncrementalStream<unknown> = {
        kind: 'incremental',
        entity: 'activities',
        async *read() {
          order.push('activities');
          yield { records: [], checkpoint: 'x' };
        },
      };
      // Declared activities first: the service still takes the inventory first.
      const { registry } = connectorWithStreams({ activities, settings: snapshot });
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      await sync.syncInstance('c', { kinds: ['incremental'] });
      await sync.syncInstance('c', { kinds: ['snapshot'] });
      await sync.syncInstance('c');
      expect(order).toEqual(['activities', 'settings', 'settings', 'activities']);
    });

    it('posture hears of the settings stream alone: evaluated after it succeeds, told why when it fails', async () => {
      let settingsDown = false;
      let accountsDown = true;
      const snapshot = (entity: 'settings' | 'accounts', down: () => boolean): SnapshotStream<unknown> => ({
        kind: 'snapshot',
        entity,
        async *read() {
          if (down()) throw new Error(`${entity} API down`);
          yield [];
        },
      });
      const { registry } = connectorWithStreams({ accounts: snapshot('accounts', () => accountsDown), settings: snapshot('settings', () => settingsDown), activities: fixtureStream([]) });
      const synced: string[] = [];
      const failed: [string, { stream: string; error: string }][] = [];
      const sync = new SyncService({
        store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7,
        onSettingsSynced: async (id) => void synced.push(id),
        onSettingsFailed: async (id, why) => void failed.push([id, why]),
      });
      await sync.syncInstance('c');
      expect([synced, failed]).toEqual([[bed.instanceId()], []]);
      settingsDown = true;
      accountsDown = false;
      await sync.syncInstance('c');
      expect([synced, failed]).toEqual([[bed.instanceId()], [[bed.instanceId(), { stream: 'settings', error: 'settings API down' }]]]);
    });

    it('keeps one session per connection while its config stays the same, and one rate budget across config changes', async () => {
      const seen: { session: unknown; governor: unknown }[] = [];
      const recording: IncrementalStream<unknown> = {
        kind: 'incremental',
        entity: 'activities',
        async *read(session, runtime) {
          seen.push({ session, governor: runtime.http.governor });
          yield { records: [], checkpoint: 'x' };
        },
      };
      const { registry } = connectorWithStreams({ activities: recording });
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      await sync.syncInstance('c');
      await sync.syncInstance('c');
      // A run that can be cancelled gets a session of its own (its requests carry the signal), not kept.
      await sync.syncInstance('c', { signal: new AbortController().signal });
      await sync.syncInstance('c');
      const config = (await readInstanceConfig(bed.store().db, bed.store().secrets, bed.instanceId())) as Record<string, unknown>;
      await replaceInstanceConfig(bed.store().db, bed.store().secrets, bed.instanceId(), { ...config, userId: '00000000-0000-4000-8000-000000000042' }, clock.now());
      await sync.syncInstance('c');
      const [first, second, cancellable, fourth, reconfigured] = seen;
      expect([second?.session === first?.session, cancellable?.session === first?.session, fourth?.session === first?.session, reconfigured?.session === first?.session]).toEqual([true, false, true, false]);
      expect(seen.every((s) => s.governor === first?.governor)).toBe(true);
    });

    it('collects only the streams the connection chose, and of those the ones a run names', async () => {
      const read: string[] = [];
      const snapshot = (entity: 'settings' | 'accounts' | 'groups'): SnapshotStream<unknown> => ({
        kind: 'snapshot',
        entity,
        async *read() {
          read.push(entity);
          yield [];
        },
      });
      const { registry } = connectorWithStreams({ accounts: snapshot('accounts'), groups: snapshot('groups'), settings: snapshot('settings') });
      await bed.store().db.updateTable('connector_instances').set({ streams: JSON.stringify(['accounts', 'settings']) }).where('id', '=', bed.instanceId()).execute();
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      await sync.syncInstance('c');
      expect(read).toEqual(['accounts', 'settings']);
      read.length = 0;
      await sync.syncInstance('c', { streams: ['settings', 'groups'] });
      expect(read).toEqual(['settings']);
    });

    it('records each stream\'s run as it ended, and the last success only when every stream succeeded', async () => {
      let accountsDown = false;
      const accounts: SnapshotStream<unknown> = {
        kind: 'snapshot',
        entity: 'accounts',
        async *read() {
          if (accountsDown) throw new Error('directory unavailable');
          yield [];
        },
      };
      const { registry } = connectorWithStreams({ accounts, activities: fixtureStream([]) });
      const sync = new SyncService({ store: bed.store(), registry, logger: pino({ level: 'silent' }), clock, backfillDays: 7 });
      const runs = () => bed.store().db.selectFrom('sync_runs').select(['stream', 'status', 'records', 'error', 'finished_at']).orderBy('id').execute();
      const started = clock.now();
      await sync.syncInstance('c');
      expect((await findInstance(bed.store().db, 'c')).lastSuccessAt).toBe(started);
      clock.advance(60_000);
      accountsDown = true;
      await sync.syncInstance('c');
      expect(await runs()).toEqual([
        { stream: 'accounts', status: 'succeeded', records: 0, error: null, finished_at: started },
        { stream: 'activities', status: 'succeeded', records: fixtures.length, error: null, finished_at: started },
        { stream: 'accounts', status: 'failed', records: 0, error: 'directory unavailable', finished_at: started + 60_000 },
        { stream: 'activities', status: 'succeeded', records: 0, error: null, finished_at: started + 60_000 },
      ]);
      expect(await findInstance(bed.store().db, 'c')).toMatchObject({ status: 'error', lastSyncAt: started + 60_000, lastSuccessAt: started });
    });
  });
});
