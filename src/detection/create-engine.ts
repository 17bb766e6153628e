import type { Logger } from 'pino';
import type { Activity } from '../core/activity.js';
import type { Alert } from '../core/alert.js';
import type { Clock } from '../core/clock.js';
import { DAY } from '../core/clock.js';
import type { Db } from '../store/db.js';
import { pruneSeen, pruneStates } from '../store/repos/detector-state.js';
import { intelVersion, listIndicators, listIpRanges } from '../store/repos/ip-ranges.js';
import { policiesVersion } from '../store/repos/policies.js';
import { sqlDetectionStore } from './detection-store.js';
import { StateCache } from './state-cache.js';
import { IntelIndex, type Enricher } from './enrichment/enricher.js';
import { openEnricher } from './enrichment/open-enricher.js';
import { DetectionEngine, type ConsumerPosition, type EngineOptions, type PageResult } from './engine.js';
import { loadPolicies, tunePolicy } from './policy-store.js';
import type { Rule } from './rule.js';
import type { TimeBudgetOptions } from './custom/time-budget.js';

export interface CreateDetectionEngineOptions {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** Data directory: newer IP databases in `<dataDir>/intel/` win over the packaged ones. */
  dataDir?: string | null;
  /** A prepared enricher (tests, bench); by default the offline databases are opened lazily. */
  enricher?: Enricher;
  options?: EngineOptions;
  /** How custom policies' evaluation time is judged (tests pass a fake timer). */
  customPolicyBudget?: TimeBudgetOptions;
}

/** The detection service the sync calls after each committed page. */
export interface DetectionService {
  /** Evaluates a committed page of one connector (in order); returns the alerts created or joined. */
  processCommitted(connectorInstanceId: string, activities: readonly Activity[]): Promise<Alert[]>;
  /** The same with counts (evaluated, late, duplicate, suppressed, ...); with `cursor`, moves it in the same transaction. */
  processPage(connectorInstanceId: string, activities: readonly Activity[], cursor?: ConsumerPosition): Promise<PageResult>;
  /** Re-reads policies and intel now (they are also re-read whenever the store says they changed). */
  reload(): Promise<void>;
  /** Forgets state and seen markers no longer needed; the engine does this about once a day by itself. */
  prune(): Promise<{ states: number; seen: number }>;
  /** How much policy state is held in memory, not stored yet (its JSON's length): the consumer flushes it before it grows large. */
  heldStateBytes(): number;
  /** Custom policies this service switched off because they were too slow, with the reason. */
  readonly switchedOff: readonly { policy: string; reason: string }[];
  readonly engine: DetectionEngine;
}

/**
 * Builds the engine over the store: policies (built-in tuning and custom policies) and intel (admin IP
 * ranges, imported feeds) are loaded from it and reloaded when they change; state, alerts and seen
 * markers commit with each page.
 */
export async function createDetectionEngine(options: CreateDetectionEngineOptions): Promise<DetectionService> {
  const { db, clock, logger } = options;
  const log = logger?.child({ component: 'detection' });
  const enricher = options.enricher ?? openEnricher({ dataDir: options.dataDir ?? null }).enricher;
  const cache = new StateCache();
  const engine = new DetectionEngine({ store: sqlDetectionStore(db, cache), enricher, policies: [], clock, logger: log, options: options.options });
  let versions = { policies: '', intel: '' };
  let lastPrune = clock.now();
  let guarded: Rule<unknown, unknown>[] = [];
  const switchedOff: { policy: string; reason: string }[] = [];

  const loadPolicySet = async () => {
    const { listings, problems } = await loadPolicies(db, options.customPolicyBudget);
    for (const problem of problems) log?.error({ problem }, 'a stored policy could not be used');
    engine.setPolicies(listings.map((l) => l.active));
    guarded = listings.filter((l) => l.active.enabled && l.rule.disabledReason).map((l) => l.rule);
  };
  /** A custom policy that was too slow has switched itself off: say so, and store it disabled. */
  const disableSlowPolicies = async () => {
    for (const rule of guarded) {
      const reason = rule.disabledReason?.();
      if (!reason) continue;
      guarded = guarded.filter((r) => r !== rule);
      switchedOff.push({ policy: rule.id, reason });
      log?.error({ policy: rule.id, reason }, `custom policy ${rule.id} was too slow and is now disabled: ${reason} (\`parapet policy enable ${rule.id}\`)`);
      await tunePolicy(db, rule.id, { enabled: false }, clock.now());
    }
  };
  const loadIntel = async () => {
    const ranges = await listIpRanges(db);
    const indicators = await listIndicators(db);
    enricher.setIntel(IntelIndex.build(ranges, indicators));
  };
  const refresh = async (force: boolean) => {
    const current = { policies: await policiesVersion(db), intel: await intelVersion(db) };
    if (force || current.policies !== versions.policies) await loadPolicySet();
    if (force || current.intel !== versions.intel) await loadIntel();
    versions = current;
  };
  const latenessMs = options.options?.latenessMs ?? DAY;
  const prune = async () => {
    const now = clock.now();
    lastPrune = now;
    // Seen markers older than the lateness bound (plus a margin) can never be re-evaluated anyway.
    return { states: await pruneStates(db, now), seen: await pruneSeen(db, now - latenessMs - 7 * DAY) };
  };
  await refresh(true);

  const processPage = async (instanceId: string, activities: readonly Activity[], cursor?: ConsumerPosition) => {
    await refresh(false);
    const result = await engine.processPage(instanceId, activities, cursor);
    await disableSlowPolicies();
    if (clock.now() - lastPrune > DAY) await prune();
    return result;
  };
  return {
    engine,
    processPage,
    processCommitted: async (instanceId, activities) => (await processPage(instanceId, activities)).alerts,
    reload: () => refresh(true),
    prune,
    heldStateBytes: () => cache.unstoredSize,
    switchedOff,
  };
}
