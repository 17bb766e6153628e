import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { AuthError, ProviderError } from '../../../core/errors.js';
import { ActivityCheckpointSchema } from '../activity-checkpoint.js';
import microsoft365 from '../index.js';
import { microsoft365Simulator, type M365SimulatorOptions, type RunningM365Simulator } from '../simulator/index.js';
import { readActivities, sessionFor, store, testRuntime } from '../test-support.js';
import { backfillStart } from './activities.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');

function start(options: M365SimulatorOptions = {}): Promise<RunningM365Simulator> {
  return microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000, ...options });
}

async function firstSync(sim: RunningM365Simulator, config = sim.config) {
  const runtime = testRuntime(config, sim.now());
  const pages = await readActivities(sessionFor(config, runtime), runtime, null, sim.now() - 7 * DAY);
  return { runtime, pages, stored: store(pages) };
}

/** Every record the simulator says a sync must store was stored, and nothing beyond the feed's edge minute. */
function expectComplete(stored: Map<string, unknown>, sim: RunningM365Simulator): void {
  const truth = sim.truth().activityIds;
  const missing = truth.filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
  expect(stored.size - truth.length).toBeLessThan(60);
}

function recordIds(pages: readonly { records: unknown[] }[]): string[] {
  return pages.flatMap((p) => p.records.map((r) => String((r as { Id?: string; id?: string }).Id ?? (r as { id?: string }).id)));
}

describe('activities: first sync', () => {
  let sim: RunningM365Simulator;
  let result: Awaited<ReturnType<typeof firstSync>>;
  beforeAll(async () => {
    sim = await start();
    result = await firstSync(sim);
  });
  afterAll(() => sim.close());

  it('stores exactly what the simulator says a 7-day backfill holds', () => {
    expectComplete(result.stored, sim);
  });

  it('yields each record once although the feed repeats some across blobs', () => {
    const ids = recordIds(result.pages);
    expect(new Set(ids).size).toBe(ids.length);
    // The feed did repeat records: more were served than were yielded.
    const served = sim.blobFetches();
    expect(served).toBeGreaterThan(0);
  });

  it('sends PublisherIdentifier on every Management API call, blob GETs and NextPageUri included', () => {
    expect(sim.requestsWithoutPublisherIdentifier()).toBe(0);
  });

  it('commits a JSON checkpoint of per-content-type windows and sign-in progress', () => {
    const checkpoint = ActivityCheckpointSchema.parse(JSON.parse(result.pages.at(-1)?.checkpoint ?? '{}'));
    expect(Object.keys(checkpoint.feeds).sort()).toEqual(['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.General', 'Audit.SharePoint']);
    for (const feed of Object.values(checkpoint.feeds)) {
      expect(Date.parse(feed.end)).toBe(FROZEN);
      // Every blob read stays remembered while Microsoft still lists it, so a re-listing never fetches it again.
      expect(Object.keys(feed.seen).length).toBeGreaterThan(10);
      for (const created of Object.values(feed.seen)) expect(Date.parse(created)).toBeGreaterThanOrEqual(FROZEN - 7 * DAY);
      expect(feed.sweptAt).toBe(new Date(FROZEN).toISOString());
    }
    expect(checkpoint.signIns?.end).toBe(new Date(FROZEN).toISOString());
    expect(checkpoint.nonInteractiveSignIns).toBeUndefined();
  });

  it('holds every injected scenario\'s events', () => {
    for (const fact of sim.scenarios()) for (const id of fact.eventIds) expect(result.stored.has(id), `${fact.id}: ${id}`).toBe(true);
  });
});

describe('activities: a 30-day first sync', () => {
  it('delivers the sign-ins a week at a time from the oldest week (Graph lists newest first), each once', async () => {
    const sim = await start();
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const from = sim.now() - 30 * DAY;
      const pages = await readActivities(sessionFor(sim.config, runtime), runtime, null, from);
      const signIns = pages.flatMap((p) => p.records).filter((r): r is { id: string; createdDateTime: string } => typeof (r as { createdDateTime?: unknown }).createdDateTime === 'string');
      // Which of the backfill's weeks each sign-in fell in, in the order they were handed over.
      const weeks = signIns.map((r) => Math.floor((Date.parse(r.createdDateTime) - from) / (7 * DAY)));
      expect(new Set(weeks).size).toBeGreaterThanOrEqual(4);
      expect(weeks).toEqual([...weeks].sort((a, b) => a - b));
      const ids = signIns.map((r) => r.id);
      expect(ids).toEqual([...new Set(ids)]);
    } finally {
      await sim.close();
    }
  });
});

describe('activities: incremental syncs', () => {
  it('picks up late blobs through the overlap, reads nothing twice from a blob already read, and loses nothing', async () => {
    const sim = await start();
    try {
      const first = await firstSync(sim);
      const checkpoint = first.pages.at(-1)?.checkpoint ?? null;
      const fetchedBefore = sim.blobFetches();
      await sim.advance(3 * HOUR);
      const runtime = testRuntime(sim.config, sim.now());
      const pages = await readActivities(sessionFor(sim.config, runtime), runtime, checkpoint, sim.now() - 7 * DAY);
      const stored = store(pages, new Map(first.stored));
      const truth = sim.truth().activityIds;
      for (const id of truth) expect(stored.has(id), id).toBe(true);
      // Only blobs not read before were fetched.
      const seen = ActivityCheckpointSchema.parse(JSON.parse(checkpoint ?? '{}'));
      const alreadySeen = Object.values(seen.feeds).reduce((n, f) => n + Object.keys(f.seen).length, 0);
      expect(sim.blobFetches() - fetchedBefore).toBeLessThan(200);
      expect(alreadySeen).toBeGreaterThan(0);
      const again = recordIds(pages).filter((id) => first.stored.has(id));
      // Repeats come only from records the service put in a second, later blob.
      expect(again.length).toBeLessThan(recordIds(pages).length);
    } finally {
      await sim.close();
    }
  });

  it('resumes after a crash from the last committed page without losing anything', async () => {
    const sim = await start();
    try {
      const complete = await firstSync(sim);
      const cut = Math.floor(complete.pages.length / 2);
      const committed = complete.pages.slice(0, cut);
      const runtime = testRuntime(sim.config, sim.now());
      const resumed = await readActivities(sessionFor(sim.config, runtime), runtime, committed.at(-1)?.checkpoint ?? null, sim.now() - 7 * DAY);
      const stored = store(resumed, store(committed));
      expectComplete(stored, sim);
    } finally {
      await sim.close();
    }
  });

  it('warns and clamps to 7 days when the checkpoint is older than Microsoft keeps content', async () => {
    const sim = await start();
    try {
      const stale = JSON.stringify({ v: 1, feeds: { 'Audit.Exchange': { end: new Date(FROZEN - 9 * DAY).toISOString(), seen: {} } } });
      const runtime = testRuntime({ ...sim.config, components: ['Audit.Exchange'], includeSignIns: false }, sim.now());
      const pages = await readActivities(sessionFor({ ...sim.config, components: ['Audit.Exchange'], includeSignIns: false }, runtime), runtime, stale, sim.now() - 7 * DAY);
      expect(pages.length).toBeGreaterThan(0);
      expect(runtime.logs.some((l) => l.level === 40 && /more than 7 days ago.*expired at Microsoft/.test(l.msg))).toBe(true);
      expect([...store(pages).values()].every((a) => a.app === 'Exchange')).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('activities: late content', () => {
  it('finds blobs listed days late, unsorted listings and late sign-ins across polls and a kill, each event once', async () => {
    const sim = await start({ lateBlobShare: 0.15, lateBlobMaxDelayMs: 2 * DAY, unsortedListings: true, lateSignInShare: 0.05, lateSignInMaxDelayMs: 6 * HOUR });
    try {
      const expected = new Set(sim.truth().activityIds);
      const first = await firstSync(sim);
      const stored = first.stored;
      let checkpoint = first.pages.at(-1)?.checkpoint ?? null;
      const late: string[] = [];
      for (let poll = 1; poll <= 8; poll++) {
        await sim.advance(7 * HOUR);
        const runtime = testRuntime(sim.config, sim.now());
        const pages = await readActivities(sessionFor(sim.config, runtime), runtime, checkpoint, sim.now() - 7 * DAY);
        // Poll 3 is killed halfway: only its first half of pages was committed.
        const committed = poll === 3 ? pages.slice(0, Math.floor(pages.length / 2)) : pages;
        for (const page of committed) if (page.recheck) for (const a of store([page]).values()) if (!stored.has(a.sourceId)) late.push(a.sourceId);
        store(committed, stored);
        checkpoint = committed.at(-1)?.checkpoint ?? checkpoint;
        for (const id of sim.truth().activityIds) expected.add(id);
      }
      const missing = [...expected].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      // Late content really was injected, and what came late was reported as such, each event once.
      expect(late.length).toBeGreaterThan(50);
      expect(new Set(late).size).toBe(late.length);
      const lateSignIns = late.filter((id) => stored.get(id)?.eventType === 'signIn');
      expect(lateSignIns.length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});

describe('activities: provider trouble', () => {
  it('recovers from an AF429 storm with exponential backoff', async () => {
    const sim = await start();
    try {
      sim.faults.add({ kind: 'rate-limit', path: '/activity/feed/audit/', times: 5 });
      sim.faults.add({ kind: 'rate-limit', path: '/activity/feed/subscriptions/content', every: 3, times: 6 });
      const { stored, runtime } = await firstSync(sim);
      expectComplete(stored, sim);
      expect(sim.faults.injected['rate-limit']).toBe(11);
      // 1 + 2 + 4 + 8 + 16 s for the five in a row, at least.
      expect(runtime.waited()).toBeGreaterThanOrEqual(31_000);
      expect(runtime.logs.filter((l) => l.msg === 'throttled by provider, waiting').length).toBe(11);
    } finally {
      await sim.close();
    }
  });

  it('recovers from AF50000, truncated pages, a 429 on sign-ins and a token that expires mid-stream', async () => {
    const sim = await start();
    try {
      sim.faults.add({ kind: 'server-error', path: '/activity/feed/audit/', every: 7, times: 3 });
      sim.faults.add({ kind: 'truncated-json', path: '/activity/feed/subscriptions/content', times: 1 });
      sim.faults.add({ kind: 'expire-token', path: '/activity/feed/audit/', times: 1 });
      sim.faults.add({ kind: 'rate-limit', path: '/auditLogs/signIns', times: 1, retryAfterSeconds: 2 });
      const { stored } = await firstSync(sim);
      expectComplete(stored, sim);
      expect(sim.faults.injected).toMatchObject({ 'server-error': 3, 'truncated-json': 1, 'expire-token': 1, 'rate-limit': 1 });
    } finally {
      await sim.close();
    }
  });

  it('skips a blob that expired before it was read, and says so plainly', async () => {
    const sim = await start({ expiredBlobs: 2 });
    try {
      const { stored, pages, runtime } = await firstSync(sim);
      expectComplete(stored, sim);
      const warnings = runtime.logs.filter((l) => l.level === 40 && /AF20051/.test(l.msg));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]?.msg).toMatch(/could not be read: it expired at Microsoft \(AF20051\), which keeps audit content for 7 days only\. Its audit records are lost/);
      const checkpoint = ActivityCheckpointSchema.parse(JSON.parse(pages.at(-1)?.checkpoint ?? '{}'));
      expect(Object.values(checkpoint.feeds).reduce((n, f) => n + (f.lostBlobs ?? 0), 0)).toBe(2);
    } finally {
      await sim.close();
    }
  });

  it('fails with the fix when unified audit logging is off', async () => {
    const sim = await start({ unifiedAuditLogging: false });
    try {
      const error = await firstSync(sim).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).providerCode).toBe('UnifiedAuditLogDisabled');
      expect((error as Error).message).toMatch(/Start recording user and admin activity/);
    } finally {
      await sim.close();
    }
  });

  it('fails on sign-ins without Entra ID P1 after the audit log pages were yielded; works with sign-ins off', async () => {
    const sim = await start({ entraLicense: 'free' });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const stream = microsoft365.streams.activities;
      if (stream?.kind !== 'incremental') throw new Error('no activities stream');
      let pages = 0;
      let error: unknown = null;
      try {
        for await (const page of stream.read(sessionFor(sim.config, runtime), runtime, { checkpoint: null, backfillFrom: sim.now() - 7 * DAY })) if (page.records.length) pages++;
      } catch (e) {
        error = e;
      }
      expect(pages).toBeGreaterThan(100);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(/no Microsoft Entra ID P1 or P2 licence.*includeSignIns: false/);
      const config = { ...sim.config, includeSignIns: false };
      const { stored } = await firstSync(sim, config);
      expect([...stored.values()].every((a) => a.eventType !== 'signIn')).toBe(true);
      expect(stored.size).toBeGreaterThan(1000);
    } finally {
      await sim.close();
    }
  });
});

describe('activities: options', () => {
  it('reads non-interactive sign-ins only when asked, and only the chosen content types', async () => {
    const sim = await start();
    try {
      const config = { ...sim.config, components: ['Audit.SharePoint' as const], includeNonInteractiveSignIns: true };
      const { stored } = await firstSync(sim, config);
      const activities = [...stored.values()];
      expect(activities.filter((a) => a.eventType === 'nonInteractiveSignIn').length).toBeGreaterThan(100);
      expect(new Set(activities.filter((a) => !a.eventType.toLowerCase().includes('signin')).map((a) => a.app))).toEqual(new Set(['SharePoint', 'OneDrive']));
      expect(sim.subscriptions().map((s) => s.contentType)).toEqual(['Audit.SharePoint']);
    } finally {
      await sim.close();
    }
  });
});

describe('activities: clocks', () => {
  it('counts the 7 days on Microsoft\'s clock (its Date header), whether the backfill is the default or explicit', async () => {
    const sim = await start();
    try {
      const aheadBy = 3 * DAY + 84 * 60_000;
      for (const backfillFrom of [FROZEN + aheadBy - 7 * DAY, FROZEN - 7 * DAY]) {
        const runtime = testRuntime(sim.config, FROZEN + aheadBy);
        const pages = await readActivities(sessionFor(sim.config, runtime), runtime, null, backfillFrom);
        expectComplete(store(pages), sim);
        const again = await readActivities(sessionFor(sim.config, runtime), runtime, pages.at(-1)?.checkpoint ?? null, backfillFrom);
        expect(recordIds(again)).toEqual([]);
      }
    } finally {
      await sim.close();
    }
  });

  it('keeps an explicit backfill start, and moves only the default one to Microsoft\'s clock', () => {
    const local = Date.parse('2026-11-23T13:24:00Z');
    const provider = Date.parse('2026-11-20T12:00:00Z');
    expect(backfillStart(local - 7 * DAY, local, provider)).toBe(provider - 7 * DAY);
    expect(backfillStart(local - 3 * DAY, local, provider)).toBe(local - 3 * DAY);
    expect(backfillStart(provider - 7 * DAY, local, provider)).toBe(provider - 7 * DAY);
  });
});

