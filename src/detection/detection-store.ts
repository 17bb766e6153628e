import { DETECTION_LOCK, withLockScope } from '../store/lock-scope.js';
import type { Activity } from '../core/activity.js';
import type { Alert } from '../core/alert.js';
import type { RecallQuery } from './rule.js';
import { recallActivities } from '../store/repos/activities.js';
import { SEVERITIES } from '../core/alert.js';
import type { Db } from '../store/db.js';
import { appendEvidence, dedupKeyOf, findAlertToJoin, getAlerts, insertAlert, latestClosedAlert, MAX_EVIDENCE_PER_ALERT, rewritesAlert, type AlertHeader, type EvidenceUpdate } from '../store/repos/alerts.js';
import { advanceCursor, findCursor, getCursor } from '../store/repos/detection-cursor.js';
import { activeSuppressions, recordSuppressedFindings, type Suppression, type SuppressedFinding } from '../store/repos/suppressions.js';
import { getStates, getStatesMany, markSeen, putStates, putStatesMany, unseenSourceIds, type StateWrite } from '../store/repos/detector-state.js';
import { StateCache, type CachedStateTx } from './state-cache.js';
import { actorRefKey, type ActorFacts, type ActorRef } from '../store/repos/directory-facts.js';
import { DirectoryCache } from './directory-cache.js';

export type { ActorFacts, ActorRef, AlertHeader, StateWrite, Suppression, SuppressedFinding };
export { actorRefKey };

/** Everything the engine reads and writes while processing one page, inside one transaction. */
export interface DetectionTx {
  unseen(instanceId: string, sourceIds: readonly string[]): Promise<Set<string>>;
  markSeen(instanceId: string, refs: readonly { sourceId: string; time: number }[]): Promise<void>;
  getStates(policyId: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  /**
   * Writes a policy's state entries. `durable`: stored in this transaction even when the batch keeps its
   * state in memory (state that must commit with the alerts it counts, such as the storm guard's).
   */
  putStates(policyId: string, writes: readonly StateWrite[], now: number, durable?: boolean): Promise<void>;
  /** Several policies' state at once (few queries for a whole page). */
  getStatesMany(requests: readonly { policyId: string; keys: readonly string[] }[]): Promise<Map<string, Map<string, unknown>>>;
  putStatesMany(writes: readonly (StateWrite & { policyId: string })[], now: number): Promise<void>;
  /** The open (or in progress) alert of this dedup key whose activity span is within `windowMs` of `time`. */
  findAlertToJoin(dedupKey: string, time: number, windowMs: number): Promise<AlertHeader | null>;
  /** The most recent resolved or dismissed alert of this dedup key (a new alert links to it). */
  latestClosed(dedupKey: string): Promise<string | null>;
  /** Suppressions in force at `now`. */
  suppressions(now: number): Promise<Suppression[]>;
  recordSuppressed(findings: readonly SuppressedFinding[]): Promise<void>;
  /** A consumer's cursor as this transaction sees it (0 before anything). */
  cursor(consumer: string): Promise<number>;
  /** Moves a consumer's cursor forward (never back), with everything else in this transaction. */
  advanceCursor(consumer: string, position: number, now: number): Promise<void>;
  /**
   * For a consumer's batch (`StateHandOff`): null when policy state is the evaluation up to the batch's
   * `from`, so the batch may be evaluated; else the position the stored state is at, and the activities
   * after it (up to `from`) must be evaluated again (replayed) first.
   */
  stateBehind(): Promise<number | null>;
  insertAlert(alert: Alert, times: ReadonlyMap<string, number>): Promise<void>;
  appendEvidence(alertId: string, update: EvidenceUpdate): Promise<number>;
  getAlerts(ids: readonly string[]): Promise<Alert[]>;
  actorFacts(refs: readonly ActorRef[]): Promise<Map<string, ActorFacts>>;
  /**
   * Activities matching a policy's recall that were delivered to detection before this page (for a consumer's
   * batch: at or before its cursor), earliest first. May include this page's own: the engine leaves those out.
   */
  recall(query: RecallQuery, limit: number): Promise<Activity[]>;
  /** The page's activities, once evaluated: a store that keeps no activities of its own remembers them for recall. */
  delivered(activities: readonly Activity[]): void;
}

/**
 * How a consumer's batch keeps policy state. Without it, state is written with each transaction. With it,
 * state is written behind (kept in memory, see StateCache) and stored with its own cursor (`<consumer>:state`)
 * when `flush` is set; `replay` re-evaluates a range whose alerts were already committed, to rebuild state.
 */
export interface StateHandOff {
  consumer: string;
  /** The consumer's position before this batch: state must be the evaluation up to here. */
  from: number;
  /** Its position after the batch. */
  position: number;
  flush: boolean;
  replay: boolean;
  now: number;
}

/** The cursor row holding where a consumer's stored policy state is (its last flush). */
export const stateCursorOf = (consumer: string): string => `${consumer}:state`;

/** Where the engine keeps policy state and alerts: the database, or memory for `parapet detect`. */
export interface DetectionStore {
  transaction<T>(fn: (tx: DetectionTx) => Promise<T>, handOff?: StateHandOff): Promise<T>;
}

/**
 * The store-backed implementation: state, cursor and alerts commit together with each page. Policy state
 * goes through a {@link StateCache} (pass `null` for none), so consecutive pages do not read back what the
 * previous one wrote; directory facts through a {@link DirectoryCache}, read again when the inventory changes.
 */
export function sqlDetectionStore(db: Db, cache: StateCache | null = new StateCache(), directory = new DirectoryCache()): DetectionStore {
  const txFor = (trx: Db, state: CachedStateTx | null, stateBehind: () => Promise<number | null>, handOff: StateHandOff | undefined): DetectionTx => ({
    unseen: (instanceId, ids) => unseenSourceIds(trx, instanceId, ids),
    markSeen: (instanceId, refs) => markSeen(trx, instanceId, refs),
    getStates: (policyId, keys) => (state ? state.get(policyId, keys) : getStates(trx, policyId, keys)),
    putStates: (policyId, writes, now, durable) => (state ? state.put(writes.map((w) => ({ ...w, policyId })), now, durable) : putStates(trx, policyId, writes, now)),
    getStatesMany: async (requests) => (state ? state.getMany(requests) : getStatesMany(trx, requests)),
    putStatesMany: (writes, now) => (state ? state.put(writes, now) : putStatesMany(trx, writes, now)),
    findAlertToJoin: (key, time, windowMs) => findAlertToJoin(trx, key, time, windowMs),
    latestClosed: (key) => latestClosedAlert(trx, key),
    suppressions: (now) => activeSuppressions(trx, now),
    recordSuppressed: (findings) => recordSuppressedFindings(trx, findings),
    cursor: (consumer) => getCursor(trx, consumer),
    advanceCursor: (consumer, position, now) => advanceCursor(trx, consumer, position, now),
    insertAlert: (alert, times) => insertAlert(trx, alert, times),
    appendEvidence: (id, update) => appendEvidence(trx, id, update),
    getAlerts: (ids) => getAlerts(trx, ids),
    actorFacts: (refs) => directory.lookup(trx, refs),
    stateBehind,
    recall: (query, limit) => recallActivities(trx, query, limit, handOff?.from),
    // Stored by ingest before detection reads them.
    delivered: () => undefined,
  });
  return {
    transaction: async (fn, handOff) => {
      let state: CachedStateTx | null = null;
      // Set once the batch was found to start where the state is (it evaluates, and may flush).
      let evaluates = false;
      // On PostgreSQL: one detection batch at a time in every process, beside other work (lock-scope.ts).
      const result = await withLockScope([DETECTION_LOCK], () =>
        db.transaction().execute(async (trx) => {
          const behind = cache && handOff ? { writeBehind: true } : {};
          state = cache ? await cache.begin(trx, behind) : null;
          const stateBehind = async (): Promise<number | null> => {
            if (!handOff || !cache) return (evaluates = true), null;
            if (cache.position !== handOff.from) {
              // What the cache holds is not the state at `from` (a new process, another writer, another
              // consumer's batches): start from the stored rows, which are the state at the state cursor.
              cache.clear();
              const stored = await findCursor(trx, stateCursorOf(handOff.consumer));
              if (stored === null) {
                // First batch written behind (a new store, or one whose state was written with every batch until now).
                await advanceCursor(trx, stateCursorOf(handOff.consumer), handOff.from, handOff.now);
              } else if (stored < handOff.from) {
                return stored;
              } else if (stored > handOff.from) {
                throw new Error(`detection state is stored up to activity ${stored}, past its cursor at ${handOff.from}: the detection_cursor table was edited by hand?`);
              }
              cache.position = handOff.from;
            }
            evaluates = true;
            return null;
          };
          const result = await fn(txFor(trx, state, stateBehind, handOff));
          // Stored state is then the evaluation up to the batch's end (without a cache it was written as it went).
          if (handOff && evaluates && !handOff.replay && (handOff.flush || !state)) {
            await (state as CachedStateTx | null)?.flush(handOff.now);
            await advanceCursor(trx, stateCursorOf(handOff.consumer), handOff.position, handOff.now);
          }
          await (state as CachedStateTx | null)?.finish();
          return result;
        }),
      );
      (state as CachedStateTx | null)?.committed(handOff && evaluates ? handOff.position : undefined);
      return result;
    },
  };
}

/** In-memory state and alerts: `parapet detect` over a file, backtests, policy tests. */
export class MemoryDetectionStore implements DetectionStore {
  readonly alerts = new Map<string, Alert>();
  readonly suppressed: SuppressedFinding[] = [];
  readonly cursors = new Map<string, number>();
  /** Suppressions `parapet detect` and backtests apply (none by default). */
  activeSuppressions: Suppression[] = [];
  private readonly seen = new Set<string>();
  private readonly states = new Map<string, unknown>();
  private readonly evidenceCount = new Map<string, number>();
  /** Evaluated activities by actor (`e:<e-mail>`, `u:<instance>|<user id>`), for policies' recall. */
  private readonly byActor = new Map<string, Activity[]>();

  /**
   * @param directory what the inventory says about an actor (tests, offline: nothing)
   * @param lookup a batched inventory lookup (backtests read the real inventory, write nothing)
   * @param options.inTimeOrder the input arrives in time order (`parapet detect` sorts it, backtests read it
   *   so): no activity can need judging again, so none is kept for policies' recall (a long backtest would
   *   otherwise hold every activity it read)
   */
  constructor(
    private readonly directory: (ref: ActorRef) => ActorFacts | null = () => null,
    private readonly lookup?: (refs: readonly ActorRef[]) => Promise<Map<string, ActorFacts>>,
    private readonly options: { inTimeOrder?: boolean } = {},
  ) {}

  async transaction<T>(fn: (tx: DetectionTx) => Promise<T>): Promise<T> {
    const tx: DetectionTx = {
      unseen: async (instanceId, ids) => new Set(ids.filter((id) => !this.seen.has(`${instanceId}|${id}`))),
      markSeen: async (instanceId, refs) => {
        for (const r of refs) this.seen.add(`${instanceId}|${r.sourceId}`);
      },
      getStates: async (policyId, keys) => {
        const out = new Map<string, unknown>();
        for (const key of keys) {
          const value = this.states.get(`${policyId}|${key}`);
          if (value !== undefined) out.set(key, structuredClone(value));
        }
        return out;
      },
      putStates: async (policyId, writes) => {
        for (const w of writes) {
          if (w.value === null) this.states.delete(`${policyId}|${w.key}`);
          else this.states.set(`${policyId}|${w.key}`, structuredClone(w.value));
        }
      },
      getStatesMany: async (requests) => {
        const out = new Map<string, Map<string, unknown>>();
        for (const r of requests) out.set(r.policyId, await tx.getStates(r.policyId, r.keys));
        return out;
      },
      putStatesMany: async (writes, now) => {
        for (const w of writes) await tx.putStates(w.policyId, [w], now);
      },
      findAlertToJoin: async (key, time, windowMs) => {
        let best: Alert | null = null;
        for (const alert of this.alerts.values()) {
          if (dedupKeyOf(alert.fingerprint) !== key || (alert.status !== 'open' && alert.status !== 'in_progress')) continue;
          if (alert.lastActivityAt < time - windowMs || alert.firstActivityAt > time + windowMs) continue;
          if (!best || alert.lastActivityAt > best.lastActivityAt) best = alert;
        }
        return best ? { ...best, evidenceCount: this.evidenceCount.get(best.id) ?? best.activityIds.length } : null;
      },
      latestClosed: async (key) => {
        let best: Alert | null = null;
        for (const alert of this.alerts.values()) {
          if (dedupKeyOf(alert.fingerprint) !== key || (alert.status !== 'resolved' && alert.status !== 'dismissed')) continue;
          if (!best || alert.lastActivityAt > best.lastActivityAt) best = alert;
        }
        return best?.id ?? null;
      },
      suppressions: async (now) => this.activeSuppressions.filter((s) => s.expiresAt > now),
      recordSuppressed: async (findings) => {
        this.suppressed.push(...findings);
      },
      cursor: async (consumer) => this.cursors.get(consumer) ?? 0,
      stateBehind: async () => null,
      advanceCursor: async (consumer, position) => {
        this.cursors.set(consumer, Math.max(this.cursors.get(consumer) ?? 0, position));
      },
      insertAlert: async (alert) => {
        const activityIds = [...new Set(alert.activityIds)];
        this.alerts.set(alert.id, { ...alert, activityIds });
        this.evidenceCount.set(alert.id, activityIds.length);
      },
      appendEvidence: async (id, update) => {
        const alert = this.alerts.get(id);
        if (!alert) return 0;
        const known = new Set(alert.activityIds);
        const fresh = update.refs.filter((r) => !known.has(r.id));
        const room = Math.max(0, MAX_EVIDENCE_PER_ALERT - alert.activityIds.length);
        const times = update.refs.map((r) => r.time);
        const count = (this.evidenceCount.get(id) ?? 0) + fresh.length;
        const text = rewritesAlert(update, count) ? { explanation: update.rewrite.explanation, details: update.rewrite.details, baseline: update.rewrite.baseline } : {};
        this.alerts.set(id, {
          ...alert,
          activityIds: [...alert.activityIds, ...fresh.slice(0, room).map((r) => r.id)],
          severity: SEVERITIES.indexOf(update.severity) > SEVERITIES.indexOf(alert.severity) ? update.severity : alert.severity,
          firstActivityAt: Math.min(alert.firstActivityAt, ...times),
          lastActivityAt: Math.max(alert.lastActivityAt, ...times),
          ...text,
          updatedAt: update.now,
        });
        this.evidenceCount.set(id, count);
        return fresh.length;
      },
      getAlerts: async (ids) => ids.map((id) => this.alerts.get(id)).filter((a): a is Alert => !!a),
      recall: async (query, limit) => {
        const found = new Map<string, Activity>();
        const keys = [...query.emails.map(byEmail), ...query.users.map((u) => byUser(u.instanceId, u.userId))];
        for (const key of keys) for (const a of this.byActor.get(key) ?? []) if (a.time >= query.from && a.time <= query.to) found.set(a.id, a);
        return [...found.values()].sort((x, y) => x.time - y.time || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).slice(0, limit);
      },
      delivered: (activities) => {
        if (this.options.inTimeOrder) return;
        for (const a of activities) {
          const keys = [a.actor.email ? byEmail(a.actor.email) : null, a.actor.userId ? byUser(a.connectorInstanceId, a.actor.userId) : null];
          for (const key of keys) {
            if (key === null) continue;
            let mine = this.byActor.get(key);
            if (!mine) this.byActor.set(key, (mine = []));
            mine.push(a);
          }
        }
      },
      actorFacts: async (refs) => {
        if (this.lookup) return this.lookup(refs);
        const out = new Map<string, ActorFacts>();
        for (const ref of refs) {
          const facts = this.directory(ref);
          if (facts) out.set(actorRefKey(ref), facts);
        }
        return out;
      },
    };
    return fn(tx);
  }

  /** Every alert, oldest first. */
  list(): Alert[] {
    return [...this.alerts.values()].sort((a, b) => a.firstActivityAt - b.firstActivityAt || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }
}

/** The memory store's index of evaluated activities for recall: by e-mail (lower-cased), and by provider id in a connection. */
const byEmail = (email: string): string => `e:${email.toLowerCase()}`;
const byUser = (instanceId: string, userId: string): string => `u:${instanceId}|${userId}`;
