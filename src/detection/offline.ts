import type { Activity } from '../core/activity.js';
import { ActivitySchema } from '../core/activity.js';
import type { Alert, AlertLine } from '../core/alert.js';
import { HOUR, manualClock } from '../core/clock.js';
import type { Db } from '../store/db.js';
import { queryActivities } from '../store/repos/activities.js';
import { connectorRuns } from './connector-runs.js';
import { MemoryDetectionStore } from './detection-store.js';
import { DirectoryCache } from './directory-cache.js';
import type { Enricher } from './enrichment/enricher.js';
import { DetectionEngine, emptyPageStats, type PageStats } from './engine.js';
import type { ActivePolicy } from './rule.js';

/** Activities per engine page in offline runs (one connector per page, as a sync commits them). */
const PAGE = 1000;

export interface OfflineResult {
  alerts: Alert[];
  stats: PageStats & { pages: number };
  /** Lines that were not activities, with their numbers. */
  rejected: { line: number; reason: string }[];
}

/**
 * Reads normalised activities (JSON lines, the output of `parapet normalize`), sorts them by time and
 * runs them through the same engine with in-memory state: baselines are learned from the input itself.
 * Bad lines are reported with their numbers and skipped.
 */
export interface OfflineProgress {
  /** Lines read so far (every 1000 lines and at the end). */
  onRead?: (lines: number) => void;
  /** Activities evaluated of all read (after each page). */
  onEvaluated?: (done: number, total: number) => void;
}

export async function detectOffline(
  input: AsyncIterable<string> | Iterable<string>,
  options: { policies: readonly ActivePolicy[]; enricher: Enricher; wallClock: number } & OfflineProgress,
): Promise<OfflineResult> {
  const activities: Activity[] = [];
  const rejected: OfflineResult['rejected'] = [];
  let lineNo = 0;
  for await (const line of input) {
    lineNo++;
    if (lineNo % 1000 === 0) options.onRead?.(lineNo);
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      rejected.push({ line: lineNo, reason: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = ActivitySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({ line: lineNo, reason: `not a normalised activity: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : ''}` });
      continue;
    }
    activities.push(parsed.data);
  }
  options.onRead?.(lineNo);
  activities.sort((a, b) => a.time - b.time);
  // "Now" is the newest activity, but never more than an hour past the real clock: a record from years
  // ahead (a provider's clock gone wrong) is reported as in the future instead of moving time.
  const plausible = activities.filter((a) => a.time <= options.wallClock + HOUR);
  const now = plausible.at(-1)?.time ?? options.wallClock;
  const store = new MemoryDetectionStore(undefined, undefined, { inTimeOrder: true });
  const engine = new DetectionEngine({ store, enricher: options.enricher, policies: options.policies, clock: manualClock(now), options: { maxAgeMs: Number.POSITIVE_INFINITY } });
  const stats = await runPages(engine, activities, (done) => options.onEvaluated?.(done, activities.length));
  return { alerts: store.list(), stats, rejected };
}

async function runPages(engine: DetectionEngine, activities: readonly Activity[], onPage?: (done: number) => void): Promise<PageStats & { pages: number }> {
  const total: PageStats & { pages: number } = { ...emptyPageStats(), pages: 0 };
  for (const { instance, from, to } of connectorRuns(activities, (a) => a.connectorInstanceId, PAGE)) {
    const { stats } = await engine.processPage(instance, activities.slice(from, to));
    for (const key of Object.keys(stats) as (keyof PageStats)[]) total[key] += stats[key];
    total.pages++;
    onPage?.(to);
  }
  return total;
}

/** The compact line `parapet detect` writes per alert. */
export function toAlertLine(alert: Alert): AlertLine {
  return {
    id: alert.id,
    policy: alert.policyId,
    severity: alert.severity,
    user: alert.subject.type === 'user' ? (alert.subject.email ?? alert.subject.key) : null,
    time: new Date(alert.firstActivityAt).toISOString(),
    explanation: alert.explanation,
    activityIds: alert.activityIds,
  };
}

export interface BacktestResult {
  alerts: Alert[];
  stats: PageStats & { pages: number };
  activities: number;
  from: number;
  to: number;
}

/**
 * What policies would have raised on stored history: activities from `since` are replayed in time order
 * through the engine with in-memory state (the store's baselines and alerts are not touched). The
 * inventory is read for account status and groups. Learning periods count from `since`.
 */
export async function backtest(
  db: Db,
  options: {
    policies: readonly ActivePolicy[];
    enricher: Enricher;
    since: number;
    until: number;
    pageSize?: number;
    /** After each page: activities replayed so far, and how far through the time range they reach. */
    onProgress?: (activities: number, reachedTime: number) => void;
  },
): Promise<BacktestResult> {
  // The inventory's facts are read once per person, and again only when the inventory changes meanwhile.
  const directory = new DirectoryCache();
  const store = new MemoryDetectionStore(() => null, (refs) => directory.lookup(db, refs), { inTimeOrder: true });
  const engine = new DetectionEngine({ store, enricher: options.enricher, policies: options.policies, clock: manualClock(options.until), options: { maxAgeMs: Number.POSITIVE_INFINITY } });
  let pageSize = options.pageSize ?? 2000;
  const total: PageStats & { pages: number } = { ...emptyPageStats(), pages: 0 };
  let since = options.since;
  let atSince = new Set<string>();
  let count = 0;
  for (;;) {
    const raw = await queryActivities(db, { since, until: options.until, ascending: true, limit: pageSize });
    const batch = raw.filter((a) => !atSince.has(a.id));
    if (batch.length === 0) {
      // A whole page shares one timestamp already read: widen the page rather than stop early.
      if (raw.length === pageSize) {
        pageSize *= 2;
        continue;
      }
      break;
    }
    count += batch.length;
    const stats = await runPages(engine, batch);
    for (const key of Object.keys(stats) as (keyof typeof stats)[]) total[key] += stats[key];
    const last = batch.at(-1) as Activity;
    atSince = new Set(since === last.time ? [...atSince, ...batch.filter((a) => a.time === last.time).map((a) => a.id)] : batch.filter((a) => a.time === last.time).map((a) => a.id));
    since = last.time;
    options.onProgress?.(count, last.time);
  }
  return { alerts: store.list(), stats: total, activities: count, from: options.since, to: options.until };
}
