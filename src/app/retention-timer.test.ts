import { beforeEach, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { baseActivity } from '../connectors/sdk/normalize-helpers.js';
import { DAY, manualClock } from '../core/clock.js';
import type { Store } from '../store/db.js';
import { insertActivities, lastIngestSeq, queryActivities } from '../store/repos/activities.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { advanceCursor } from '../store/repos/detection-cursor.js';
import { startRetentionTimer } from './retention-timer.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

describeDialects("serve's retention timer", (dialect) => {
  const temp = useTempStore(dialect);
  let store: Store;
  beforeEach(() => {
    store = temp.store;
  });

  it('purges on its first tick and logs what it did', async () => {
    const instance = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
    const rows = [NOW - 200 * DAY, NOW - 100 * DAY, NOW - 10 * DAY, NOW - DAY].map((time, i) => {
      const base = baseActivity({ provider: 'docusign', app: 'eSignature', sourceId: `e${i}`, time, originalTime: '', action: 'user.login', eventType: 'User/Login', raw: {} });
      return { ...base, id: `id-${i}`, connectorInstanceId: instance, ingestedAt: time };
    });
    await insertActivities(store.db, rows);
    await advanceCursor(store.db, 'detection', await lastIngestSeq(store.db), 1);
    const lines: string[] = [];
    const logger = { info: (_: object, message: string) => lines.push(message), error: (_: object, message: string) => lines.push(`ERROR ${message}`) };
    const timer = startRetentionTimer({ db: store.db, days: 90, clock: manualClock(NOW), logger: logger as never, firstDelayMs: 0 });
    await expect.poll(() => timer.runs(), { timeout: 5_000 }).toBe(1);
    await timer.stop();
    expect((await queryActivities(store.db, { ascending: true })).map((a) => a.sourceId)).toEqual(['e2', 'e3']);
    expect(lines).toEqual(['retention: deleted 2 activities older than 90 days (kept 0 cited as alert evidence, 0 not yet evaluated)']);
  });

  it('refuses a retention below the minimum when serve starts, not a day later', () => {
    expect(() => startRetentionTimer({ db: store.db, days: 7, clock: manualClock(NOW), logger: { info: () => undefined, error: () => undefined } as never })).toThrow(/at least 31/);
  });
});
