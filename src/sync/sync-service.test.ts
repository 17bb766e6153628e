import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { manualClock } from '../core/clock.js';
import type { IncrementalStream, SnapshotStream } from '../connectors/sdk/define-connector.js';
import { loadFixtures } from '../connectors/sdk/conformance/load-fixtures.js';
import { countActivities, listSourceIds } from '../store/repos/activities.js';
import { findInstance } from '../store/repos/connector-instances.js';
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
  });
});
