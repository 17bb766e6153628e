import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
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

describe('Google Workspace activities: a 30-day first sync', () => {
  async function pagesOf(config: Parameters<typeof connector.createSession>[0], checkpoint: string | null, backfillFrom: number) {
    const runtime = createConnectorRuntime(connector, config, { logger: pino({ level: 'silent' }), clock: systemClock, timeoutMs: 10_000 });
    const session = connector.createSession(config, runtime);
    const pages: { ids: string[]; checkpoint: string | null }[] = [];
    for await (const page of activitiesStream.read(session, runtime, { checkpoint, backfillFrom })) pages.push({ ids: page.records.map((r) => googleSourceId(r) as string), checkpoint: page.checkpoint });
    return pages;
  }
  const timeOf = (id: string) => Date.parse(id.slice(0, id.indexOf('/')));

  it('delivers each application a week at a time from the oldest week (Reports lists newest first), and resumes after a kill at any page with nothing lost or repeated', async () => {
    const sim = await googleWorkspaceSimulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW, scenarios: [], historyDays: 30, pageSize: 200 });
    try {
      const from = CONFORMANCE_NOW - 30 * DAY;
      const pages = await pagesOf(sim.config, null, from);
      const ids = pages.flatMap((p) => p.ids);
      // Each record once, and every one the simulator lists as a sync's truth among them.
      expect(ids).toEqual([...new Set(ids)]);
      const delivered = new Set(ids);
      expect(sim.truth().activityIds.filter((id) => timeOf(id) >= from && !delivered.has(id))).toEqual([]);
      expect(Math.min(...ids.map(timeOf))).toBeLessThan(from + DAY);
      // Per application (the id's last part), which backfill week each record fell in, in delivery order.
      const byApp = new Map<string, number[]>();
      for (const id of pages.flatMap((p) => p.ids)) {
        const app = id.slice(id.lastIndexOf('/') + 1);
        byApp.set(app, [...(byApp.get(app) ?? []), Math.floor((timeOf(id) - from) / (7 * DAY))]);
      }
      const login = byApp.get('login') ?? [];
      expect(new Set(login).size).toBeGreaterThanOrEqual(4);
      for (const [app, weeks] of byApp) expect(weeks, app).toEqual([...weeks].sort((a, b) => a - b));
      // A kill after any committed page: the next sync starts from that page's checkpoint.
      const cuts = [1, Math.floor(pages.length / 3), Math.floor(pages.length / 2), pages.length - 2].filter((k) => k > 0 && k < pages.length);
      expect(cuts.length).toBeGreaterThan(2);
      for (const k of cuts) {
        const resumed = await pagesOf(sim.config, pages[k - 1]?.checkpoint ?? null, from);
        const both = [...pages.slice(0, k).flatMap((p) => p.ids), ...resumed.flatMap((p) => p.ids)];
        expect(both.sort(), `killed after page ${k}`).toEqual([...ids].sort());
      }
    } finally {
      await sim.close();
    }
  });
});

describe("Google Workspace activities: a start in Google's future", () => {
  it("an explicit start after Google's clock (a clock behind ours) keeps its distance from now, instead of a window Google refuses", async () => {
    const sim = await googleWorkspaceSimulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW, scenarios: [], historyDays: 3, pageSize: 200 });
    try {
      expect(Date.now() - 6 * HOUR).toBeGreaterThan(sim.now());
      const { ids } = await read(sim.config, null, Date.now() - 6 * HOUR);
      const timeOf = (id: string) => Date.parse(id.slice(0, id.indexOf('/')));
      // Google's last six hours (a few seconds more: our clock moved on while the start was computed).
      const expected = sim.truth().activityIds.filter((id) => timeOf(id) >= CONFORMANCE_NOW - 6 * HOUR - 60_000);
      expect(expected.length).toBeGreaterThan(10);
      expect(ids.sort()).toEqual(expected.sort());
    } finally {
      await sim.close();
    }
  });
});
