import { describe, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { openStore } from '../store/db.js';
import { insertActivities } from '../store/repos/activities.js';
import { getAlerts, listAlerts } from '../store/repos/alerts.js';
import type { Activity } from '../core/activity.js';
import { DAY, HOUR, MINUTE, manualClock } from '../core/clock.js';
import { buildActivity } from './activity-builder.js';
import { MemoryDetectionStore, sqlDetectionStore, type DetectionStore } from './detection-store.js';
import { DetectionEngine, type EngineOptions } from './engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { defineRule, MAX_RECALLED, resolvePolicy, type PolicySettings, type Rule, type ThresholdFacts } from './rule.js';

const T0 = Date.UTC(2026, 4, 4, 9);

/**
 * A policy that counts each person's downloads in its state and, when someone is flagged (`user.suspended`
 * on them), asks for their earlier downloads: a download after a flag is a finding. What the engine does with
 * the recall is what is tested: the activities it hands back, when, and what their evaluation may write.
 */
const flagged = defineRule<{ n?: number; flaggedAt?: number }, Record<string, never>>({
  id: 'test.flagged-download',
  kind: 'custom',
  title: 'Download after a flag',
  description: 'test',
  severity: 'low',
  runbook: 'test',
  reference: null,
  actions: ['file.downloaded', 'user.suspended'],
  params: { low: {}, medium: {}, high: {} },
  defaults: { enabled: true, learningDays: 0 },
  stateKeys: (e) => [`p:${(e.activity.action === 'user.suspended' ? e.activity.targets[0]?.email : e.activity.actor.email) ?? ''}`],
  recall: (e) => (e.activity.action === 'user.suspended' ? { emails: [e.activity.targets[0]?.email ?? ''], users: [], from: e.activity.time, to: Number.MAX_SAFE_INTEGER } : null),
  evaluate(e, state, ctx) {
    const a = e.activity;
    if (a.action === 'user.suspended') {
      const key = `p:${a.targets[0]?.email ?? ''}`;
      return { state: { [key]: { ...state[key], flaggedAt: a.time } } };
    }
    const key = `p:${a.actor.email ?? ''}`;
    const mine = state[key];
    const counted = { state: { [key]: { ...mine, n: (mine?.n ?? 0) + 1 } } };
    const after = mine?.flaggedAt !== undefined && a.time > mine.flaggedAt;
    // A finding per flag that asked (its variant), so an activity judged twice would show as a second alert.
    const variant = ctx.recalledBy ? { variant: `again-for-${ctx.recalledBy.id}` } : {};
    return after ? { ...counted, findings: [{ ...variant, explanation: `after the flag${ctx.recalledBy ? ` (judged again for ${ctx.recalledBy.id})` : ''}` }] } : counted;
  },
  examples: [],
});

const download = (id: string, email: string, time: number): Activity => buildActivity({ id, connectorInstanceId: 'files', action: 'file.downloaded', actor: { email }, time });
const flag = (id: string, email: string, time: number): Activity => buildActivity({ id, connectorInstanceId: 'admin', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: null, name: null, email }], time });

function engineOver(store: DetectionStore, settings: PolicySettings = {}, rule: Rule<never, never> = flagged as never, options: EngineOptions = {}): DetectionEngine {
  return new DetectionEngine({ store, enricher: new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) }), policies: [resolvePolicy(rule as never, settings)], clock: manualClock(T0 + 30 * DAY), options });
}

/** The test policy counting downloads after a flag ("two within an hour") instead of alerting on each. */
const flaggedTwice = defineRule({ ...flagged, id: 'test.flagged-downloads', thresholds: () => ({ twice: { count: 2, windowMs: HOUR, groupBy: 'user' as const, explain: (f: ThresholdFacts) => `${f.count} downloads after the flag` } }), evaluate: (e, state, ctx) => {
  const result = flagged.evaluate(e, state as Parameters<typeof flagged.evaluate>[1], ctx as Parameters<typeof flagged.evaluate>[2]);
  return { ...result, ...(result.findings ? { findings: result.findings.map(() => ({ variant: 'twice' })) } : {}) };
} });

async function stateOf(store: MemoryDetectionStore, email: string): Promise<unknown> {
  return store.transaction(async (tx) => (await tx.getStates('test.flagged-download', [`p:${email}`])).get(`p:${email}`));
}

describe('a policy’s recall of activities delivered before', () => {
  it('hands back the person’s earlier pages’ activities after `from`, judges each once right after the flag, and keeps none of their state writes', async () => {
    const store = new MemoryDetectionStore();
    const engine = engineOver(store);
    await engine.processPage('files', [download('before', 'ann@example.com', T0), download('d1', 'ann@example.com', T0 + HOUR), download('other', 'bob@example.com', T0 + HOUR)]);
    await engine.processPage('files', [download('d2', 'Ann@Example.com', T0 + 2 * HOUR)]);
    expect(await stateOf(store, 'ann@example.com')).toEqual({ n: 3 });
    // Two flags in one page ask for the same downloads: each is judged again once, after the first flag.
    await engine.processPage('admin', [flag('f1', 'ann@example.com', T0 + 30 * MINUTE), flag('f2', 'ann@example.com', T0 + 40 * MINUTE)]);
    const alerts = store.list();
    expect(alerts.map((a) => ({ variant: a.variant, subject: a.subject.key, evidence: a.activityIds, explanation: a.explanation }))).toEqual([
      { variant: 'again-for-f1', subject: 'ann@example.com', evidence: ['d1', 'd2'], explanation: 'after the flag (judged again for f1)' },
    ]);
    // The recalled downloads' own counting was not written again: only the flags changed the state.
    expect(await stateOf(store, 'ann@example.com')).toEqual({ n: 3, flaggedAt: T0 + 40 * MINUTE });
  });

  it('leaves out the page’s own activities (judged in time order with the rest of the page) and what is beyond the lateness bound', async () => {
    const store = new MemoryDetectionStore();
    const engine = engineOver(store);
    await engine.processPage('files', [download('next-day', 'ann@example.com', T0 + DAY + HOUR)]);
    // In one page: the flag, a download after it (judged once, in time order), and one before it.
    await engine.processPage('admin', [download('same-page', 'ann@example.com', T0 + HOUR), flag('f1', 'ann@example.com', T0 + 30 * MINUTE), download('earlier', 'ann@example.com', T0)]);
    const alerts = store.list();
    expect(alerts.map((a) => ({ evidence: a.activityIds, explanation: a.explanation }))).toEqual([{ evidence: ['same-page'], explanation: 'after the flag' }]);
  });

  it('judges again only what the policy sees: its scope applies to the recalled person', async () => {
    const store = new MemoryDetectionStore();
    const engine = engineOver(store, { scope: { excludeUsers: ['ann@example.com'] } });
    await engine.processPage('files', [download('d1', 'ann@example.com', T0 + HOUR), download('b1', 'bob@example.com', T0 + HOUR)]);
    await engine.processPage('admin', [flag('f1', 'ann@example.com', T0), flag('f2', 'bob@example.com', T0)]);
    expect(store.list().map((a) => ({ variant: a.variant, subject: a.subject.key, evidence: a.activityIds }))).toEqual([{ variant: 'again-for-f2', subject: 'bob@example.com', evidence: ['b1'] }]);
  });

  it('counts recalled activities toward a threshold with the hits already stored (their state is read with the page)', async () => {
    const store = new MemoryDetectionStore();
    const engine = engineOver(store, {}, flaggedTwice as never);
    await engine.processPage('files', [download('d1', 'ann@example.com', T0 + HOUR)]);
    await engine.processPage('admin', [flag('f1', 'ann@example.com', T0)]);
    expect(store.list()).toEqual([]);
    // The second download after the flag, read later, makes two with the recalled one.
    await engine.processPage('files', [download('d2', 'ann@example.com', T0 + HOUR + 5 * MINUTE)]);
    expect(store.list().map((a) => ({ variant: a.variant, evidence: a.activityIds, explanation: a.explanation }))).toEqual([{ variant: 'twice', evidence: ['d1', 'd2'], explanation: '2 downloads after the flag' }]);
  });

  it('counts a recalled activity with the hits stored before its page, not from nothing', async () => {
    const store = new MemoryDetectionStore();
    // A short lateness bound: the flag read last recalls the download ten minutes after it, not the one at 10:10.
    const engine = engineOver(store, {}, flaggedTwice as never, { latenessMs: 15 * MINUTE });
    await engine.processPage('admin', [flag('f0', 'ann@example.com', T0)]);
    await engine.processPage('files', [download('d0', 'ann@example.com', T0 + 10 * MINUTE)]);
    await engine.processPage('files', [download('d1', 'ann@example.com', T0 - 10 * MINUTE)]);
    expect(store.list()).toEqual([]);
    await engine.processPage('admin', [flag('f1', 'ann@example.com', T0 - 20 * MINUTE)]);
    expect(store.list().map((a) => ({ variant: a.variant, evidence: [...a.activityIds].sort() }))).toEqual([{ variant: 'twice', evidence: ['d0', 'd1'] }]);
  });

  it('a store fed in time order (parapet detect, backtests) keeps nothing for recall: nothing read later can precede it', async () => {
    const kept = async (store: MemoryDetectionStore) => {
      const engine = engineOver(store);
      await engine.processPage('files', [download('d1', 'ann@example.com', T0 + HOUR)]);
      return store.transaction((tx) => tx.recall({ emails: ['ann@example.com'], users: [], from: T0, to: T0 + DAY }, MAX_RECALLED));
    };
    expect((await kept(new MemoryDetectionStore())).map((a) => a.id)).toEqual(['d1']);
    expect(await kept(new MemoryDetectionStore(undefined, undefined, { inTimeOrder: true }))).toEqual([]);
  });

  it(`judges at most ${MAX_RECALLED} earlier activities, the earliest`, async () => {
    const store = new MemoryDetectionStore();
    const engine = engineOver(store);
    await engine.processPage('files', Array.from({ length: MAX_RECALLED + 5 }, (_, i) => download(`d${String(i).padStart(3, '0')}`, 'ann@example.com', T0 + (i + 1) * MINUTE)));
    await engine.processPage('admin', [flag('f1', 'ann@example.com', T0)]);
    const evidence = store.list().flatMap((a) => a.activityIds);
    expect(evidence).toHaveLength(MAX_RECALLED);
    expect(evidence.at(-1)).toBe(`d${String(MAX_RECALLED - 1).padStart(3, '0')}`);
  });
});

describeDialects('a policy’s recall over the store', (dialect) => {
  const database = useTestDatabase(dialect);

  it('outside a consumer’s batch, the page (already stored) is left out of the recall: each of its activities is judged once, in time order', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    try {
      const engine = engineOver(sqlDetectionStore(store.db));
      const earlier = [download('d1', 'ann@example.com', T0 + HOUR)];
      const page = [flag('f1', 'ann@example.com', T0), download('same-page', 'ann@example.com', T0 + 2 * HOUR)];
      await insertActivities(store.db, earlier);
      await engine.processCommitted('files', earlier);
      await insertActivities(store.db, page);
      await engine.processCommitted('admin', page);
      const alerts = await getAlerts(store.db, (await listAlerts(store.db)).map((h) => h.id));
      expect(alerts.map((a) => ({ variant: a.variant, evidence: [...a.activityIds].sort() })).sort((x, y) => String(x.variant).localeCompare(String(y.variant)))).toEqual([
        { variant: 'again-for-f1', evidence: ['d1'] },
        { variant: null, evidence: ['same-page'] },
      ]);
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});
