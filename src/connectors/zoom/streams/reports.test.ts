import { afterAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { zoomRecordId } from '../record-id.js';
import zoom from '../index.js';
import { zoomSimulator, type RunningZoomSimulator } from '../simulator/index.js';
import { clockMidWindow } from '../../sdk/simulator/window-clock.js';
import type { ZoomSimulatorOptions } from '../simulator/state.js';
import type { ZoomConfig } from '../config.js';
import { parseReportCheckpoints } from './reports.js';

const opened: RunningZoomSimulator[] = [];
afterAll(async () => {
  for (const sim of opened) await sim.close();
});

async function start(options: ZoomSimulatorOptions): Promise<RunningZoomSimulator> {
  const sim = await zoomSimulator.start({ seed: 9, scenarios: [], ...options });
  opened.push(sim);
  return sim;
}

interface Read {
  ids: string[];
  late: string[];
  checkpoint: string | null;
  pages: number;
}

/** Reads the activities stream (sign-ins, then operation logs) from `checkpoint`, at most `maxPages` pages. */
async function read(config: ZoomConfig, options: { checkpoint?: string | null; backfillFrom: number; maxPages?: number }): Promise<Read> {
  const stream = zoom.streams.activities as IncrementalStream<unknown>;
  const runtime = runtimeFor(zoom, config);
  const session = zoom.createSession(config, runtime);
  const out: Read = { ids: [], late: [], checkpoint: options.checkpoint ?? null, pages: 0 };
  for await (const page of stream.read(session, runtime, { checkpoint: out.checkpoint, backfillFrom: options.backfillFrom })) {
    const ids = page.records.map((r) => zoomRecordId(r as Record<string, unknown>));
    out.ids.push(...ids);
    if (page.recheck) out.late.push(...ids);
    out.checkpoint = page.checkpoint;
    out.pages += 1;
    if (options.maxPages !== undefined && out.pages >= options.maxPages) break;
  }
  return out;
}

const expected = (sim: RunningZoomSimulator, from: number) =>
  sim.feedRecords().filter((r) => r.at >= from && r.at < sim.now() && r.availableAt <= sim.now()).map((r) => r.id).sort();

describe('Zoom report streams', () => {
  it('split a 60-day backfill into windows the API accepts (a month at most each) and deliver every record once', async () => {
    const sim = await start({ frozenAt: CONFORMANCE_NOW, historyDays: 60, pageSize: 300 });
    const from = CONFORMANCE_NOW - 59 * DAY;
    const result = await read(sim.config, { backfillFrom: from });
    expect(result.ids.slice().sort()).toEqual(expected(sim, from));
    // Three windows (27 + 27 + 5 days), each one page or more, plus the request that reads Zoom's clock.
    expect(sim.stats().byRoute['GET /v2/report/activities']).toBeGreaterThanOrEqual(4);
    expect(parseReportCheckpoints(result.checkpoint)).toMatchObject({ signins: { end: CONFORMANCE_NOW, window: null }, operations: { end: CONFORMANCE_NOW, window: null } });
  });

  it('reads a window again when its next_page_token expired (15 minutes), delivering nothing twice', async () => {
    const sim = await start({ frozenAt: CONFORMANCE_NOW, pageSize: 25, pageTokenTtlMs: 300 });
    const from = CONFORMANCE_NOW - 7 * DAY;
    const first = await read(sim.config, { backfillFrom: from, maxPages: 3 });
    expect(parseReportCheckpoints(first.checkpoint).signins?.window?.token).not.toBe('');
    await new Promise((r) => setTimeout(r, 400));
    const rest = await read(sim.config, { backfillFrom: from, checkpoint: first.checkpoint });
    const all = [...first.ids, ...rest.ids];
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice().sort()).toEqual(expected(sim, from));
  });

  it('re-reads the last relistMinutes on the next poll: a record the report listed late comes as a recheck page, nothing twice', async () => {
    // A sign-in the report lists some seconds after it happened, on the tenant's last day.
    const probe = await start({ frozenAt: CONFORMANCE_NOW + 2 * HOUR });
    const lateOne = probe.feedRecords().find((r) => r.kind === 'signin' && r.availableAt - r.at > 10_000 && r.at > CONFORMANCE_NOW - 8 * HOUR && r.at < CONFORMANCE_NOW);
    expect(lateOne).toBeDefined();
    const t1 = (lateOne?.availableAt ?? 0) - 1;
    const before = await start({ frozenAt: t1 });
    const after = await start({ frozenAt: t1 + HOUR });
    const from = t1 - 2 * DAY;
    const first = await read(before.config, { backfillFrom: from });
    expect(first.ids).not.toContain(lateOne?.id);
    const second = await read({ ...after.config, clientSecret: before.config.clientSecret, clientId: before.config.clientId, accountId: before.config.accountId }, { backfillFrom: from, checkpoint: first.checkpoint });
    expect(second.late).toEqual([lateOne?.id]);
    const all = [...first.ids, ...second.ids];
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice().sort()).toEqual(expected(after, from));
    // Caught up: nothing new, nothing again.
    expect((await read(after.config, { backfillFrom: from, checkpoint: second.checkpoint })).ids).toEqual([]);
  });

  it('counts its first 7 days back from Zoom’s clock to the second, as the truth does: a record on the boundary second is in both', async () => {
    // Zoom's Date header has whole seconds: with "now" at …:xx.600 the first sync starts at …:xx.000 seven days back.
    const probe = await start({ frozenAt: CONFORMANCE_NOW });
    const onBoundary = probe.feedRecords().find((r) => r.kind === 'signin' && r.at % 1000 === 0 && r.at > CONFORMANCE_NOW - 7 * DAY - 12 * HOUR && r.at < CONFORMANCE_NOW - 7 * DAY - HOUR);
    expect(onBoundary).toBeDefined();
    const frozenAt = (onBoundary?.at ?? 0) + 7 * DAY + 600;
    const sim = await start({ frozenAt });
    expect(sim.feedRecords().find((r) => r.id === onBoundary?.id)?.at).toBe(onBoundary?.at);
    const result = await read(sim.config, { backfillFrom: Date.now() - 7 * DAY });
    expect(result.ids).toContain(onBoundary?.id);
    expect(result.ids.slice().sort()).toEqual(sim.truth().activityIds.slice().sort());
  });

  it('fails at once, the daily cap explained, when Zoom’s Heavy budget is spent (its Retry-After is hours away)', async () => {
    // The cap comes back at 00:00 GMT: run a few minutes before midnight on real time, the connector would rightly
    // wait for it. The simulator's rate limits run from noon instead, so 00:00 GMT is 12 hours away whenever this runs.
    const sim = await start({ frozenAt: CONFORMANCE_NOW, pageSize: 20, rateLimits: { heavyPerDay: 3 }, rateLimitClock: clockMidWindow(DAY) });
    const error = await read(sim.config, { backfillFrom: CONFORMANCE_NOW - 7 * DAY }).then(() => null, (e: unknown) => e as Error);
    // At once: the three report pages the cap allows, then one request that met the cap, and no retry.
    const reportRequests = Object.entries(sim.stats().byRoute).filter(([route]) => route.includes('/v2/report/'));
    expect(reportRequests.reduce((sum, [, n]) => sum + n, 0)).toBe(4);
    expect(error?.name).toBe('RateLimitedError');
    expect(error?.message).toContain("Zoom's daily cap for Heavy APIs");
    expect(error?.message).toContain('00:00 GMT');
  });
});
