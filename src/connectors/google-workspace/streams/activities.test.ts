import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../core/clock.js';
import { systemClock } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import connector from '../index.js';
import { googleSourceId } from '../normalize.js';
import { googleWorkspaceSimulator } from '../simulator/index.js';
import { activitiesStream } from './activities.js';

async function read(config: Parameters<typeof connector.createSession>[0], checkpoint: string | null, backfillFrom: number) {
  const runtime = createConnectorRuntime(connector, config, { logger: pino({ level: 'silent' }), clock: systemClock, timeoutMs: 10_000 });
  const session = connector.createSession(config, runtime);
  const ids: string[] = [];
  const late: string[] = [];
  let last = checkpoint;
  for await (const page of activitiesStream.read(session, runtime, { checkpoint, backfillFrom })) {
    const pageIds = page.records.map((r) => googleSourceId(r) as string);
    ids.push(...pageIds);
    if (page.recheck) late.push(...pageIds);
    last = page.checkpoint;
  }
  return { ids, late, checkpoint: last };
}

describe('Google Workspace activities: Reports lag', () => {
  it('a later poll picks up events that arrived late (as recheck pages) and delivers nothing twice', async () => {
    const first = await googleWorkspaceSimulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW, scenarios: [], historyDays: 3, pageSize: 200 });
    // The same tenant three hours later: the sign-in and token events still on their way at the first poll have arrived.
    const later = await googleWorkspaceSimulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW + 3 * HOUR, scenarios: [], historyDays: 3, pageSize: 200 });
    try {
      const from = CONFORMANCE_NOW - 2 * 24 * HOUR;
      const a = await read(first.config, null, from);
      const b = await read(later.config, a.checkpoint, from);
      const inWindow = (ids: string[]) => ids.filter((id) => Date.parse(id.slice(0, id.indexOf('/'))) >= from);
      const before = new Set(inWindow(first.truth().activityIds));
      const after = inWindow(later.truth().activityIds);
      expect(a.ids.sort()).toEqual([...before].sort());
      // Exactly what is new in the later tenant, once each.
      expect(b.ids.sort()).toEqual(after.filter((id) => !before.has(id)).sort());
      // Some of it happened before the first poll's end: Google served it late, and the poll says so.
      const lateIds = b.ids.filter((id) => Date.parse(id.slice(0, id.indexOf('/'))) < CONFORMANCE_NOW);
      expect(lateIds.length).toBeGreaterThan(0);
      expect(b.late.sort()).toEqual(lateIds.sort());
    } finally {
      await first.close();
      await later.close();
    }
  });
});
