import { describe, expect, it } from 'vitest';
import type { Activity } from '../core/activity.js';
import { DAY, HOUR, MINUTE, manualClock } from '../core/clock.js';
import { buildActivity } from './activity-builder.js';
import { MemoryDetectionStore } from './detection-store.js';
import { DetectionEngine } from './engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { defineRule, MAX_RECALLED, resolvePolicy } from './rule.js';

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
    return after ? { ...counted, findings: [{ explanation: `after the flag${ctx.recalledBy ? ` (judged again for ${ctx.recalledBy.id})` : ''}` }] } : counted;
  },
  examples: [],
});

const download = (id: string, email: string, time: number): Activity => buildActivity({ id, connectorInstanceId: 'files', action: 'file.downloaded', actor: { email }, time });
const flag = (id: string, email: string, time: number): Activity => buildActivity({ id, connectorInstanceId: 'admin', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: null, name: null, email }], time });

function engineOver(store: MemoryDetectionStore): DetectionEngine {
  return new DetectionEngine({ store, enricher: new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) }), policies: [resolvePolicy(flagged as never)], clock: manualClock(T0 + 30 * DAY) });
}

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
    expect(alerts.map((a) => ({ subject: a.subject.key, evidence: a.activityIds, explanation: a.explanation }))).toEqual([
      { subject: 'ann@example.com', evidence: ['d1', 'd2'], explanation: 'after the flag (judged again for f1)' },
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
