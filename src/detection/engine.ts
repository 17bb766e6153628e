import type { Logger } from 'pino';
import { scopedStateKey, stateKey } from '../core/state-key.js';
import type { Activity } from '../core/activity.js';
import type { Alert, AlertSubject, Severity } from '../core/alert.js';
import { SEVERITIES } from '../core/alert.js';
import type { Clock } from '../core/clock.js';
import { DAY, HOUR } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { busiestWindowHolding } from './busiest-window.js';
import { actorRefKey, type ActorFacts, type ActorRef, type DetectionStore, type DetectionTx, type StateWrite, type SuppressedFinding } from './detection-store.js';
import { suppressionMatches } from './suppression-match.js';
import { insertByTime } from './time-order.js';
import { fromTrustedEgress, type EnrichedActivity, type Enricher } from './enrichment/enricher.js';
import { DEFAULT_STATE_TTL_MS, MAX_RECALLED, type ActivePolicy, type DirectoryFacts, type Finding, type RecallQuery, type RuleContext, type ThresholdSpec } from './rule.js';
import { userKeyOf } from './subjects.js';

/** Engine bounds; every one has a default that suits a live sync. */
export interface EngineOptions {
  /**
   * How out of order activities may arrive and still be judged exactly: threshold and volume windows keep
   * this much history beyond their window, travel compares each sign-in with its neighbours in time.
   * Activities further behind the newest one seen from their connector (a multi-feed connector's backfill
   * reads one feed after another) are still evaluated, and counted as `late`, but order-dependent state
   * is best effort for them (a burst arriving that late may not reach a threshold). @default 24h
   */
  latenessMs?: number;
  /** Activities further than this ahead of the engine's clock (a skewed provider clock) are not evaluated. @default 1h */
  maxFutureSkewMs?: number;
  /** Activities older than this before the engine's clock are not evaluated. @default 400 days */
  maxAgeMs?: number;
  /** New alerts per policy per hour of activity time; more are suppressed (and counted) as a storm guard. @default 50 */
  maxAlertsPerPolicyHour?: number;
}

export interface PageStats {
  received: number;
  evaluated: number;
  duplicate: number;
  /** Evaluated, but further behind the connector's newest activity than the lateness bound. */
  late: number;
  future: number;
  tooOld: number;
  alertsCreated: number;
  alertsUpdated: number;
  /** Findings dropped while a baseline was still learning. */
  learning: number;
  /** New alerts dropped by the storm guard. */
  suppressed: number;
  /** Findings an analyst's suppression silenced (recorded, shown on the alert of the same key). */
  silenced: number;
  /** Policy evaluations that threw (the policy's bug; the rest of the page still ran). */
  ruleErrors: number;
}

/** Where a consumer read a page from (its cursor then) and where the cursor moves once the page is evaluated. */
export interface ConsumerPosition {
  consumer: string;
  from: number;
  position: number;
  /**
   * Store policy state in this transaction, with everything held in memory since the last flush (the
   * default). False keeps this batch's state in memory (StateCache's write-behind): a later batch stores it.
   */
  flushState?: boolean;
  /** Evaluate again a range whose alerts were committed, only to rebuild state: raises nothing, moves no cursor. */
  replay?: boolean;
}

export function emptyPageStats(): PageStats {
  return { received: 0, evaluated: 0, duplicate: 0, late: 0, future: 0, tooOld: 0, alertsCreated: 0, alertsUpdated: 0, learning: 0, suppressed: 0, silenced: 0, ruleErrors: 0 };
}

export interface PageResult {
  /** Alerts created or joined by new evidence in this page. */
  alerts: Alert[];
  stats: PageStats;
  /** The consumer's cursor had moved since it read the page (another process evaluated it): nothing was evaluated. */
  moved?: boolean;
  /**
   * Policy state is not the evaluation up to the consumer's cursor but up to this position (the state's last
   * flush): nothing was evaluated; replay the activities after it up to the cursor, then try again.
   */
  stateBehind?: number;
}

interface UserBaseline {
  /** First and last activity time (last to the hour). */
  f: number;
  l: number;
}

interface ThresholdState {
  /** Hits: [time, activity id, distinct value]. */
  h: [number, string, string][];
}

interface Candidate {
  policy: ActivePolicy;
  finding: Finding;
  event: EnrichedActivity;
  explanation: string;
  subject: Pick<AlertSubject, 'type' | 'key' | 'email' | 'userId'>;
  refs: { id: string; time: number }[];
  /** How many activities the finding stands for (its refs are the last {@link MAX_RELATED} of them). */
  covers: number;
}

interface OpenAlertRef {
  id: string;
  severity: Severity;
  refs: { id: string; time: number }[];
  created: boolean;
  /** The alert's activity span including what this page added. */
  first: number;
  last: number;
  /** The joining candidate whose evidence is the largest (the later one on a tie): its text may become the alert's. */
  fullest: Candidate | null;
}

const ENGINE = '_engine';
const MAX_THRESHOLD_HITS = 500;
const MAX_RELATED = 200;
/** How long the engine remembers when it first saw a person (their learning basis): dormancy must not reset it. */
const USER_FIRST_SEEN_TTL_MS = 5 * 365 * DAY;
/** How often a known person's first-seen entry is rewritten to push its expiry out (nothing reads last seen). */
const USER_SEEN_REFRESH_MS = 30 * DAY;

/**
 * Runs enrichment and every enabled policy over each committed page of activities, in time order, with
 * state in a DetectionStore: baselines, counters and seen markers commit with the alerts they produce,
 * so a restart (or another worker) continues exactly, and reprocessing a page raises nothing twice.
 * Thresholds, learning periods, scope, deduplication and the storm guard are applied here, the same way
 * for built-in and custom policies.
 */
export class DetectionEngine {
  private policies: ActivePolicy[];
  private readonly options: Required<EngineOptions>;

  constructor(
    private readonly deps: {
      store: DetectionStore;
      enricher: Enricher;
      policies: readonly ActivePolicy[];
      clock: Clock;
      logger?: Logger | undefined;
      options?: EngineOptions | undefined;
    },
  ) {
    this.policies = deps.policies.filter((p) => p.enabled);
    this.options = {
      latenessMs: 24 * HOUR,
      maxFutureSkewMs: HOUR,
      maxAgeMs: 400 * DAY,
      maxAlertsPerPolicyHour: 50,
      ...stripUndefined(deps.options ?? {}),
    };
  }

  get enricher(): Enricher {
    return this.deps.enricher;
  }

  /** Replaces the policies (after an admin tuned one or added a policy file). */
  setPolicies(policies: readonly ActivePolicy[]): void {
    this.policies = policies.filter((p) => p.enabled);
  }

  activePolicies(): readonly ActivePolicy[] {
    return this.policies;
  }

  /** The sync's hook: evaluates a committed page and returns the alerts it created or joined. */
  async processCommitted(connectorInstanceId: string, activities: readonly Activity[]): Promise<Alert[]> {
    return (await this.processPage(connectorInstanceId, activities)).alerts;
  }

  /**
   * Evaluates a page of one connector's activities in one transaction. With `cursor`, the consumer's
   * position moves to `cursor.position` in that same transaction (the durable hand-off, consumer.ts).
   */
  async processPage(connectorInstanceId: string, activities: readonly Activity[], cursor?: ConsumerPosition): Promise<PageResult> {
    const stats: PageStats = { ...emptyPageStats(), received: activities.length };
    if (activities.length === 0 && !cursor) return { alerts: [], stats };
    let moved = false;
    let stateBehind: number | null = null;
    const replay = cursor?.replay === true;
    const handOff = cursor
      ? { consumer: cursor.consumer, from: cursor.from, position: cursor.position, flush: cursor.flushState ?? true, replay, now: this.deps.clock.now() }
      : undefined;
    const result = await this.deps.store.transaction(async (tx) => {
      if (cursor) {
        // Another process evaluated (part of) this range since the consumer read it: evaluate nothing; the
        // consumer reads again from where the cursor is now.
        const at = await tx.cursor(cursor.consumer);
        if (replay ? at < cursor.position : at !== cursor.from) {
          moved = true;
          return [];
        }
        stateBehind = await tx.stateBehind();
        if (stateBehind !== null) return [];
      }
      const alerts = activities.length ? await this.run(tx, connectorInstanceId, activities, stats, cursor !== undefined, replay) : [];
      if (cursor && !replay) await tx.advanceCursor(cursor.consumer, cursor.position, this.deps.clock.now());
      return alerts;
    }, handOff);
    if (stats.future + stats.tooOld > 0) {
      this.deps.logger?.warn(
        { connectorInstanceId, future: stats.future, tooOld: stats.tooOld },
        'some activities were stored but not evaluated by detection: dated ahead of the clock (check the provider\'s clock if this keeps happening) or older than the detection horizon',
      );
    }
    if (stats.late > 0) this.deps.logger?.debug({ connectorInstanceId, late: stats.late }, 'activities behind the lateness bound were evaluated with best-effort ordering');
    if (stats.suppressed > 0) this.deps.logger?.warn({ connectorInstanceId, suppressed: stats.suppressed }, 'alert storm guard: new alerts beyond the hourly limit per policy were suppressed');
    if (moved) return { alerts: result, stats, moved };
    return stateBehind !== null ? { alerts: result, stats, stateBehind } : { alerts: result, stats };
  }

  private async run(tx: DetectionTx, instanceId: string, input: readonly Activity[], stats: PageStats, byCursor: boolean, replay = false): Promise<Alert[]> {
    const now = this.deps.clock.now();
    // 1. Drop what was already processed (a reprocessed page) and duplicates within the page. A consumer's
    // cursor, checked and moved in this transaction, already says what was processed: no seen markers then.
    const unseen = byCursor ? new Set(input.map((a) => a.sourceId)) : await tx.unseen(instanceId, input.map((a) => a.sourceId));
    const fresh: Activity[] = [];
    for (const a of input) {
      if (unseen.delete(a.sourceId)) fresh.push(a);
      else stats.duplicate++;
    }
    fresh.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    // 2. Clock skew and the detection horizon; lateness per connector; per-user first/last seen (the learning basis).
    const freshKeys = fresh.map((a) => userKeyOf(a));
    const userKeys = [...new Set(freshKeys.filter((k): k is string => k !== null))];
    const engineState = await tx.getStates(ENGINE, [`wm:${instanceId}`, 'org', ...userKeys.map((k) => stateKey('u:', k))]);
    const engineDirty = new Set<string>();
    let watermark = engineState.get(`wm:${instanceId}`) as number | undefined;
    let orgFirst = engineState.get('org') as number | undefined;
    const accepted: Activity[] = [];
    const acceptedKeys: (string | null)[] = [];
    // Each accepted activity's learning basis, by its index in `accepted` (and so in the enriched events).
    const learningInfo: LearningBasis = { userFirst: [], orgFirst: [] };
    for (let i = 0; i < fresh.length; i++) {
      const a = fresh[i] as Activity;
      if (!Number.isFinite(a.time) || a.time > now + this.options.maxFutureSkewMs) stats.future++;
      else if (a.time < now - this.options.maxAgeMs) stats.tooOld++;
      else {
        if (watermark !== undefined && a.time < watermark - this.options.latenessMs) stats.late++;
        accepted.push(a);
        const key = freshKeys[i] as string | null;
        acceptedKeys.push(key);
        watermark = Math.max(watermark ?? a.time, a.time);
        orgFirst = Math.min(orgFirst ?? a.time, a.time);
        let userFirst: number | null = null;
        if (key !== null) {
          const userStateKey = stateKey('u:', key);
          const known = engineState.get(userStateKey) as UserBaseline | undefined;
          // A long-dormant person keeps their first-seen time: waking up is no fresh learning period that
          // would blind location policies to a dormant-account takeover.
          const base = known ?? { f: a.time, l: a.time };
          const user = { f: Math.min(base.f, a.time), l: Math.max(base.l, a.time) };
          // Written when it matters: first seen moves (the learning basis), or last seen moved by more than
          // the refresh period (it only keeps the entry from expiring). Most pages then write nothing for
          // people already known.
          if (!known || user.f !== known.f || user.l - known.l > USER_SEEN_REFRESH_MS) {
            engineState.set(userStateKey, user);
            engineDirty.add(userStateKey);
          }
          userFirst = user.f;
        }
        learningInfo.userFirst.push(userFirst);
        learningInfo.orgFirst.push(orgFirst);
      }
    }
    if (watermark !== undefined) {
      engineState.set(`wm:${instanceId}`, watermark);
      engineDirty.add(`wm:${instanceId}`);
    }
    if (orgFirst !== undefined) {
      engineState.set('org', orgFirst);
      engineDirty.add('org');
    }
    stats.evaluated = accepted.length;

    // 3. Enrichment.
    await this.deps.enricher.prepare(accepted);
    const events = accepted.map((a, i) => this.deps.enricher.enrich(a, acceptedKeys[i]));

    // 4. Directory facts (account / identity status, groups) for the policies that read them.
    const facts = new Map<string, ActorFacts>();
    const needsDirectory = this.policies.some((p) => p.rule.needsDirectory || p.scope.includeGroups.length > 0 || p.scope.excludeGroups.length > 0);
    if (needsDirectory) await this.loadFacts(tx, events.map((e) => e.activity), facts);
    // Asked for by several policies per activity (state keys, scope, evaluation): each activity's key is built once.
    const looked = new Map<Activity, DirectoryFacts | null>();
    const directory = (activity: Activity): DirectoryFacts | null => {
      let found = looked.get(activity);
      if (found === undefined) {
        found = facts.get(actorRefKey(refOf(activity))) ?? null;
        looked.set(activity, found);
      }
      return found;
    };

    // 5. Policies, each over the page in time order; every policy's state is read and written in a few
    // statements for the whole page.
    const plans = this.policies.map((policy) => planPolicy(policy, events, directory)).filter((p) => p.events.length > 0);
    // A replay rebuilds state only, which activities judged again never write.
    if (!replay) await this.recallEarlier(tx, plans, accepted, facts, directory);
    const loaded = await tx.getStatesMany(plans.map((p) => ({ policyId: p.policy.rule.id, keys: [...p.wanted] })));
    const candidates: Candidate[] = [];
    const writes: (StateWrite & { policyId: string })[] = [];
    for (const plan of plans) {
      const state = loaded.get(plan.policy.rule.id) ?? new Map<string, unknown>();
      this.runPolicy(plan, state, learningInfo, directory, now, stats, candidates, writes);
    }
    // The engine's own state known by now (watermark, first seen) is written with the policies' (one statement,
    // and a person's rows are written side by side: see writeStateRows).
    const ttl = now + DEFAULT_STATE_TTL_MS;
    const expiry = (key: string) => (key.startsWith('rate:') ? now + 2 * DAY : key.startsWith('u:') ? now + USER_FIRST_SEEN_TTL_MS : ttl);
    for (const key of engineDirty) writes.push({ policyId: ENGINE, key, value: engineState.get(key) ?? null, expiresAt: expiry(key) });
    engineDirty.clear();
    await tx.putStatesMany(writes, now);
    tx.delivered(accepted);
    // A replay rebuilds state only: these activities' alerts (and the storm guard's counts) were committed.
    if (replay) return [];

    // 6. Alerts: join an open alert of the same fingerprint or raise a new one.
    const touched = await this.raiseAlerts(tx, candidates, facts, engineState, engineDirty, now, stats);

    // 7. Commit what the alerts changed in engine state (the storm guard's counts) and seen markers with everything else.
    // Stored now even when the batch keeps state in memory: a replay does not count these alerts again.
    if (engineDirty.size) await tx.putStates(ENGINE, [...engineDirty].map((key) => ({ key, value: engineState.get(key) ?? null, expiresAt: expiry(key) })), now, true);
    if (!byCursor) await tx.markSeen(instanceId, fresh.map((a) => ({ sourceId: a.sourceId, time: Number.isFinite(a.time) ? a.time : 0 })));
    return tx.getAlerts(touched);
  }

  /**
   * Activities delivered in earlier pages that a policy's recall asks to judge again (a termination read after
   * the leaver's activity): enriched, with their directory facts and state keys, placed in the plan right
   * after the activity that asked, each at most once per policy and page.
   */
  private async recallEarlier(tx: DetectionTx, plans: PolicyPlan[], page: readonly Activity[], facts: Map<string, ActorFacts>, directory: (a: Activity) => DirectoryFacts | null): Promise<void> {
    let inPage: Set<string> | null = null;
    for (const plan of plans) {
      if (plan.recalls.length === 0) continue;
      inPage ??= new Set(page.map((a) => a.id));
      const { policy } = plan;
      const rule = policy.rule;
      const actions = actionSet(rule);
      const scoped = hasScope(policy);
      const judged = new Set<string>();
      const inserted: { after: number; events: EnrichedActivity[] }[] = [];
      for (const { after, query } of plan.recalls) {
        const bounded = { ...query, to: Math.min(query.to, query.from + this.options.latenessMs) };
        const earlier = (await tx.recall(bounded, MAX_RECALLED)).filter((a) => !inPage?.has(a.id) && !judged.has(a.id) && (actions === null || actions.has(a.action)));
        if (earlier.length === 0) continue;
        await this.deps.enricher.prepare(earlier);
        if (rule.needsDirectory) await this.loadFacts(tx, earlier, facts);
        const recalled = earlier.map((a) => this.deps.enricher.enrich(a, userKeyOf(a))).filter((e) => !scoped || inScope(policy, e, directory));
        for (const e of recalled) judged.add(e.activity.id);
        if (recalled.length) inserted.push({ after, events: recalled });
      }
      if (inserted.length === 0) continue;
      this.deps.logger?.debug({ policy: rule.id, activities: judged.size }, 'activities delivered earlier are judged again after an activity that changes their judgement');
      // The plan again, with each recalled run after the activity that asked for it.
      const events: EnrichedActivity[] = [];
      const at: number[] = [];
      const keys: string[][] = [];
      const again: (Activity | null)[] = [];
      const keyContext = { directory, params: policy.params };
      const thresholds = Object.entries(policy.thresholds);
      let next = 0;
      for (let i = 0; i < plan.events.length; i++) {
        events.push(plan.events[i] as EnrichedActivity);
        at.push(plan.at[i] as number);
        keys.push(plan.keys[i] as string[]);
        again.push(null);
        while (next < inserted.length && (inserted[next] as { after: number }).after === i) {
          for (const e of (inserted[next] as { events: EnrichedActivity[] }).events) {
            const own = keysOfEvent(rule, thresholds, e, keyContext, plan.wanted);
            events.push(e);
            at.push(plan.at[i] as number);
            keys.push(own);
            again.push((plan.events[i] as EnrichedActivity).activity);
          }
          next++;
        }
      }
      Object.assign(plan, { events, at, keys, again });
    }
  }

  private async loadFacts(tx: DetectionTx, activities: readonly Activity[], into: Map<string, ActorFacts>): Promise<void> {
    const refs = new Map<string, ActorRef>();
    for (const a of activities) {
      if (!a.actor.userId && !a.actor.email) continue;
      const ref = refOf(a);
      const key = actorRefKey(ref);
      if (!into.has(key)) refs.set(key, ref);
    }
    if (refs.size === 0) return;
    for (const [key, value] of await tx.actorFacts([...refs.values()])) into.set(key, value);
  }

  private runPolicy(
    plan: PolicyPlan,
    state: Map<string, unknown>,
    learningInfo: LearningBasis,
    directory: (a: Activity) => DirectoryFacts | null,
    now: number,
    stats: PageStats,
    out: Candidate[],
    writes: (StateWrite & { policyId: string })[],
  ): void {
    const { policy, events } = plan;
    const rule = policy.rule;
    const dirty = new Set<string>();
    const basis = rule.defaults.learningBasis ?? 'user';
    const gate = rule.defaults.learningGate ?? true;

    const keysOf = plan.keys;
    // One context per learning state for the whole page (policies are pure: they keep no reference to it).
    const contextOf = (learning: boolean): RuleContext<unknown> => ({ params: policy.params, sensitivity: policy.sensitivity, learningMs: policy.learningMs, learning, now, directory });
    const learningCtx = contextOf(true);
    const learnedCtx = contextOf(false);
    const again = plan.again;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as EnrichedActivity;
      const at = plan.at[i] as number;
      // An activity judged again (a recall) is not this page's: learning counts from the organisation's first activity.
      const recalledBy = again === null ? null : (again[i] as Activity | null);
      const judgedAgain = recalledBy !== null;
      const userFirst = judgedAgain ? null : learningInfo.userFirst[at];
      const first = basis === 'user' && userFirst != null ? userFirst : (learningInfo.orgFirst[at] as number);
      const learning = event.activity.time - first < policy.learningMs;
      const ctx = judgedAgain ? { ...(learning ? learningCtx : learnedCtx), recalledBy } : learning ? learningCtx : learnedCtx;
      const keys = keysOf[i] as string[];
      // A dictionary from the start: state keys name people, and an object literal would grow a hidden class per
      // key. Most activities of the policies that see every activity need no state: they share one empty view.
      const view: Record<string, unknown> = keys.length === 0 ? EMPTY_VIEW : (Object.create(null) as Record<string, unknown>);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        view[key] = state.get(key);
      }
      let result;
      try {
        result = rule.evaluate(event, view, ctx);
      } catch (error) {
        stats.ruleErrors++;
        this.deps.logger?.error({ policy: rule.id, activity: event.activity.id, err: errorMessage(error) }, 'a policy failed on an activity; skipped it for this activity');
        continue;
      }
      const written = result.state;
      if (written && !judgedAgain) {
        for (const k in written) {
          if (!Object.hasOwn(written, k)) continue;
          const v = written[k];
          if (v === null) state.delete(k);
          else state.set(k, v);
          dirty.add(k);
        }
      }
      const findings = result.findings;
      if (!findings || findings.length === 0) continue;
      for (const finding of findings) {
        if (gate && learning) {
          stats.learning++;
          continue;
        }
        const spec = finding.variant ? policy.thresholds[finding.variant] : undefined;
        const candidate = spec
          ? this.thresholdHit(policy, spec, finding, event, state, dirty)
          : this.direct(policy, finding, event);
        if (candidate) out.push(candidate);
      }
    }
    const ttl = rule.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    for (const key of dirty) writes.push({ policyId: rule.id, key, value: state.get(key) ?? null, expiresAt: now + (typeof ttl === 'number' ? ttl : ttl(key)) });
  }

  private direct(policy: ActivePolicy, finding: Finding, event: EnrichedActivity): Candidate | null {
    const subject = subjectOf(finding, event.activity);
    if (!subject) return null;
    const explanation = finding.explanation ?? `${policy.rule.title}: ${event.activity.action} by ${subject.key}.`;
    const refs = [...(finding.related ?? []).slice(-MAX_RELATED), { id: event.activity.id, time: event.activity.time }];
    return { policy, finding, event, explanation, subject, refs, covers: finding.covers ?? new Set([...(finding.related ?? []).map((r) => r.id), event.activity.id]).size };
  }

  /** Counts a hit; a candidate once the window holds `count` hits (or distinct values). */
  private thresholdHit(policy: ActivePolicy, spec: ThresholdSpec, finding: Finding, event: EnrichedActivity, state: Map<string, unknown>, dirty: Set<string>): Candidate | null {
    const a = event.activity;
    const group = groupValue(event, spec.groupBy);
    if (group === null) return null;
    // The spec was found by the finding's variant.
    const key = thresholdKey(finding.variant as string, group);
    const current = (state.get(key) as ThresholdState | undefined) ?? { h: [] };
    const distinct = spec.distinct ? (groupValue(event, spec.distinct) ?? '') : '';
    let newest = a.time;
    for (const h of current.h) if (h[0] > newest) newest = h[0];
    // Hits near this activity are kept even when it is far behind the newest one (a backfill's late burst still counts).
    const hits = current.h.filter((h) => (h[0] > newest - spec.windowMs - this.options.latenessMs || h[0] > a.time - spec.windowMs) && h[1] !== a.id);
    // Kept in time order (busiest-window reads them so).
    insertByTime<[number, string, string]>(hits, [a.time, a.id, distinct], (h) => h[0]);
    state.set(key, { h: hits.slice(-MAX_THRESHOLD_HITS) } satisfies ThresholdState);
    dirty.add(key);

    const distinctOf = (held: readonly (readonly [number, string, string])[]) => [...new Set(held.map((h) => h[2]).filter((v) => v !== ''))];
    const best = busiestWindowHolding(hits, a.time, spec.windowMs, (held) => (spec.distinct ? distinctOf(held).length : held.length));
    if (best.score < spec.count) return null;
    const { held: inWindow, score: count } = best;
    const distinctValues = distinctOf(inWindow);
    const subject: Candidate['subject'] =
      spec.groupBy === 'user' ? (subjectOf({}, a) ?? { type: 'user', key: group, email: null, userId: null }) : { type: spec.groupBy, key: group, email: null, userId: null };
    const facts = { count, windowMs: spec.windowMs, group, distinctValues, first: inWindow[0]?.[0] ?? a.time, last: best.end };
    return {
      policy,
      finding: { ...finding, details: { ...finding.details, count, windowMinutes: Math.round(spec.windowMs / 60_000), ...(spec.distinct ? { distinct: distinctValues.slice(0, 50) } : {}) } },
      event,
      explanation: spec.explain(facts),
      subject,
      refs: inWindow.slice(-MAX_RELATED).map((h) => ({ id: h[1], time: h[0] })),
      covers: inWindow.length,
    };
  }

  /**
   * Alerts, candidate by candidate in activity-time order: a candidate joins an alert of the same key
   * (policy, variant, subject) that is open and whose activity span is within the policy's dedup window of
   * the candidate's time, else raises a new one. The same rule applies to alerts of this page and stored
   * ones, so how the input was paged never changes the result; closed alerts are never joined (a new alert
   * links to the closed one). Suppressions are applied first: what they silence is recorded, not dropped.
   */
  private async raiseAlerts(
    tx: DetectionTx,
    candidates: readonly Candidate[],
    facts: Map<string, ActorFacts>,
    engineState: Map<string, unknown>,
    engineDirty: Set<string>,
    now: number,
    stats: PageStats,
  ): Promise<string[]> {
    if (candidates.length === 0) return [];
    await this.loadFacts(tx, candidates.map((c) => c.event.activity), facts);
    const touched = new Map<string, OpenAlertRef>();
    const byKey = new Map<string, OpenAlertRef[]>();
    const rateKeys = [...new Set(candidates.map((c) => rateKey(c.policy.rule.id, c.event.activity.time)))].filter((k) => !engineState.has(k));
    if (rateKeys.length) for (const [k, v] of await tx.getStates(ENGINE, rateKeys)) engineState.set(k, v);
    const suppressions = await tx.suppressions(now);
    const silenced: SuppressedFinding[] = [];
    const openSilenced = new Map<string, SuppressedFinding>();

    for (const c of candidates) {
      const a = c.event.activity;
      const key = `${c.policy.rule.id}|${c.finding.variant ?? ''}|${c.subject.type}:${c.subject.key}`;
      const severity = c.policy.severityOverride ?? c.finding.severity ?? c.policy.severity;
      const times = c.refs.map((r) => r.time);
      const first = Math.min(...times);
      const last = Math.max(...times);
      const suppression = suppressions.find((s) => suppressionMatches(s, c.policy.rule.id, c.subject, c.event));
      if (suppression) {
        // Grouped like alerts: one recorded finding per suppression, key and dedup window.
        stats.silenced++;
        const group = `${suppression.id}|${key}`;
        const known = openSilenced.get(group);
        if (known && known.lastActivityAt >= a.time - c.policy.dedupWindowMs && known.firstActivityAt <= a.time + c.policy.dedupWindowMs) {
          known.activityIds = [...new Set([...known.activityIds, ...c.refs.map((r) => r.id)])].slice(0, MAX_RELATED);
          known.firstActivityAt = Math.min(known.firstActivityAt, first);
          known.lastActivityAt = Math.max(known.lastActivityAt, last);
        } else {
          const finding: SuppressedFinding = { id: newId(now), suppressionId: suppression.id, policyId: c.policy.rule.id, dedupKey: key, subjectKey: c.subject.key, explanation: c.explanation, activityIds: c.refs.map((r) => r.id), firstActivityAt: first, lastActivityAt: last, createdAt: now };
          openSilenced.set(group, finding);
          silenced.push(finding);
        }
        continue;
      }
      const window = c.policy.dedupWindowMs;
      const joins = (r: { first: number; last: number }) => r.last >= a.time - window && r.first <= a.time + window;
      const inPage = byKey.get(key) ?? [];
      byKey.set(key, inPage);
      let target = inPage.find(joins);
      if (!target) {
        const stored = await tx.findAlertToJoin(key, a.time, window);
        if (stored) {
          target = touched.get(stored.id);
          if (!target) {
            target = { id: stored.id, severity: stored.severity, refs: [], created: false, first: stored.firstActivityAt, last: stored.lastActivityAt, fullest: null };
            touched.set(stored.id, target);
            inPage.push(target);
          }
        }
      }
      if (target) {
        target.refs.push(...c.refs);
        if (!target.fullest || c.covers >= target.fullest.covers) target.fullest = c;
        target.severity = maxSeverity(target.severity, severity);
        target.first = Math.min(target.first, first);
        target.last = Math.max(target.last, last);
        continue;
      }
      const rk = rateKey(c.policy.rule.id, a.time);
      const raised = (engineState.get(rk) as number | undefined) ?? 0;
      if (raised >= this.options.maxAlertsPerPolicyHour) {
        stats.suppressed++;
        continue;
      }
      engineState.set(rk, raised + 1);
      engineDirty.add(rk);
      const actorFacts = c.subject.type === 'user' ? facts.get(actorRefKey(refOf(a))) : undefined;
      const alert: Alert = {
        id: newId(now),
        fingerprint: `${key}|${Math.floor(a.time / window)}`,
        policyId: c.policy.rule.id,
        policyName: c.policy.rule.title,
        variant: c.finding.variant ?? null,
        severity,
        status: 'open',
        resolution: null,
        resolutionNote: null,
        subject: { ...c.subject, identityId: actorFacts?.identityId ?? null },
        connectorInstanceId: a.connectorInstanceId,
        provider: a.provider,
        app: a.app,
        explanation: c.explanation,
        baseline: c.finding.baseline ?? null,
        details: c.finding.details ?? {},
        activityIds: c.refs.map((r) => r.id),
        requestedActions: [...c.policy.actions],
        firstActivityAt: first,
        lastActivityAt: last,
        createdAt: now,
        updatedAt: now,
        previousAlertId: await tx.latestClosed(key),
      };
      await tx.insertAlert(alert, new Map(c.refs.map((r) => [r.id, r.time])));
      stats.alertsCreated++;
      const created: OpenAlertRef = { id: alert.id, severity, refs: [], created: true, first, last, fullest: null };
      touched.set(alert.id, created);
      inPage.push(created);
    }

    if (silenced.length) await tx.recordSuppressed(silenced);
    for (const ref of touched.values()) {
      if (ref.refs.length === 0) continue;
      // The alert's text follows its evidence: a candidate that holds all of it (the same burst, counted further)
      // says it better than the one that raised the alert ("failed 9 times" beside nine failures, not "6 times").
      const fullest = ref.fullest;
      const rewrite = fullest ? { covers: fullest.covers, explanation: fullest.explanation, details: fullest.finding.details ?? {}, baseline: fullest.finding.baseline ?? null } : undefined;
      const added = await tx.appendEvidence(ref.id, { refs: dedupeRefs(ref.refs), severity: ref.severity, now, ...(rewrite ? { rewrite } : {}) });
      if (!ref.created && added > 0) stats.alertsUpdated++;
    }
    return [...touched.values()].filter((r) => r.created || r.refs.length > 0).map((r) => r.id);
  }
}

/** When the engine first saw each activity's person and anyone at all, by the activity's index in the page. */
interface LearningBasis {
  userFirst: (number | null)[];
  orgFirst: number[];
}

interface PolicyPlan {
  policy: ActivePolicy;
  events: EnrichedActivity[];
  /** Each event's index in the page's events. */
  at: number[];
  /** The state keys of each event (same index as `events`). */
  keys: string[][];
  wanted: Set<string>;
  /** The policy's recalls: after which event, which earlier activities. */
  recalls: { after: number; query: RecallQuery }[];
  /** For each event judged again (a recall), the activity that asked for it; null when none was recalled. */
  again: (Activity | null)[] | null;
}

/** Which activities of the page a policy sees (its actions, its scope) and which state keys they need. */
function planPolicy(policy: ActivePolicy, all: readonly EnrichedActivity[], directory: (a: Activity) => DirectoryFacts | null): PolicyPlan {
  const rule = policy.rule;
  const actions = actionSet(rule);
  const scoped = hasScope(policy);
  const events: EnrichedActivity[] = [];
  const at: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const e = all[i] as EnrichedActivity;
    if ((actions === null || actions.has(e.activity.action)) && (!scoped || inScope(policy, e, directory))) {
      events.push(e);
      at.push(i);
    }
  }
  const thresholds = Object.entries(policy.thresholds);
  const wanted = new Set<string>();
  const keys: string[][] = [];
  const keyContext = { directory, params: policy.params };
  const recall = rule.recall;
  const recalls: PolicyPlan['recalls'] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as EnrichedActivity;
    if (recall) {
      const query = recall.call(rule, e, keyContext);
      if (query) recalls.push({ after: i, query });
    }
    keys.push(keysOfEvent(rule, thresholds, e, keyContext, wanted));
  }
  return { policy, events, at, keys, wanted, recalls, again: null };
}

/** An event's own state keys (returned), added with its threshold keys to the state a page reads (`wanted`). */
function keysOfEvent(
  rule: ActivePolicy['rule'],
  thresholds: readonly [string, ThresholdSpec][],
  e: EnrichedActivity,
  keyContext: Parameters<NonNullable<ActivePolicy['rule']['stateKeys']>>[1],
  wanted: Set<string>,
): string[] {
  const own = rule.stateKeys ? rule.stateKeys.call(rule, e, keyContext) : NO_KEYS;
  for (const k of own) wanted.add(k);
  for (const [variant, spec] of thresholds) {
    const group = groupValue(e, spec.groupBy);
    if (group !== null) wanted.add(thresholdKey(variant, group));
  }
  return own;
}

const NO_KEYS: string[] = [];
const EMPTY_VIEW: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);
const ACTION_SETS = new WeakMap<object, ReadonlySet<string>>();

/** The rule's actions as a set (null: every action), built once per rule. */
function actionSet(rule: ActivePolicy['rule']): ReadonlySet<string> | null {
  if (rule.actions === null) return null;
  let set = ACTION_SETS.get(rule);
  if (!set) {
    set = new Set(rule.actions);
    ACTION_SETS.set(rule, set);
  }
  return set;
}

/** Whether {@link inScope} can rule anything out for this policy (most policies have no scope). */
function hasScope(policy: ActivePolicy): boolean {
  const s = policy.scope;
  return (
    policy.rule.usesLocation === true ||
    s.includeUsers.length > 0 ||
    s.excludeUsers.length > 0 ||
    s.includeGroups.length > 0 ||
    s.excludeGroups.length > 0 ||
    s.includeIpTags.length > 0 ||
    s.excludeIpTags.length > 0
  );
}

function refOf(a: Activity): ActorRef {
  return { instanceId: a.connectorInstanceId, userId: a.actor.userId, email: a.actor.email };
}

function rateKey(policyId: string, time: number): string {
  return `rate:${policyId}:${Math.floor(time / HOUR)}`;
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

function dedupeRefs(refs: readonly { id: string; time: number }[]): { id: string; time: number }[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/** A threshold's hits for one group (`thr:<variant>:<group>`): named once for planning and for counting. */
const thresholdKey = (variant: string, group: string): string => scopedStateKey('thr:', variant, group);

function groupValue(e: EnrichedActivity, by: 'user' | 'ip' | 'app'): string | null {
  if (by === 'user') return e.userKey;
  const a = e.activity;
  if (by === 'ip') return a.srcIp;
  return a.actor.appId ?? a.service?.id ?? a.app;
}

/** The alert's subject: the finding's, else the actor, else the address, else the app. */
function subjectOf(finding: Finding, a: Activity): Candidate['subject'] | null {
  if (finding.subject) return { email: null, userId: null, ...finding.subject };
  const user = userKeyOf(a);
  if (user !== null) return { type: 'user', key: user, email: a.actor.email, userId: a.actor.userId };
  if (a.srcIp) return { type: 'ip', key: a.srcIp, email: null, userId: null };
  const app = a.actor.appId ?? a.app;
  return app ? { type: 'app', key: app, email: null, userId: null } : null;
}

function inScope(policy: ActivePolicy, e: EnrichedActivity, directory: (a: Activity) => DirectoryFacts | null): boolean {
  const s = policy.scope;
  const a = e.activity;
  if (s.includeUsers.length || s.excludeUsers.length) {
    const ids = [a.actor.email?.toLowerCase(), a.actor.userId?.toLowerCase()].filter((v): v is string => !!v);
    const listed = (list: readonly string[]) => list.some((u) => ids.includes(u.toLowerCase()));
    if (s.includeUsers.length && !listed(s.includeUsers)) return false;
    if (listed(s.excludeUsers)) return false;
  }
  if (s.includeGroups.length || s.excludeGroups.length) {
    const groups = (directory(a)?.groups ?? []).map((g) => g.toLowerCase());
    const member = (list: readonly string[]) => list.some((g) => groups.includes(g.toLowerCase()));
    if (s.includeGroups.length && !member(s.includeGroups)) return false;
    if (member(s.excludeGroups)) return false;
  }
  if (policy.rule.usesLocation && fromTrustedEgress(e.intel)) return false;
  if (s.includeIpTags.length && !s.includeIpTags.some((t) => e.intel.rangeTags.includes(t))) return false;
  return !s.excludeIpTags.some((t) => e.intel.rangeTags.includes(t));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
