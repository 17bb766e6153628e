import { HOUR } from '../core/clock.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import type { Db } from '../store/db.js';
import { activityVolume, getStreamCounters, lastRuns } from '../store/repos/stream-health.js';
import { getStreamStates } from '../store/repos/stream-states.js';

/** When a stream's health raises an alert. */
export interface HealthThresholds {
  /** A source is silent after this many of its usual gaps between events without one. @default 10 */
  silentAfterGaps: number;
  /** ...and never before this long without an event (nights and weekends are quiet). @default 4 hours */
  minSilenceMs: number;
  /** A stream is behind when it has not completed a run for this long... @default 2 hours */
  maxBehindMs: number;
  /** ...past its schedule: snapshot streams run this often (PARAPET_SNAPSHOT_HOURS). @default 12 hours */
  snapshotEveryMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { silentAfterGaps: 10, minSilenceMs: 4 * HOUR, maxBehindMs: 2 * HOUR, snapshotEveryMs: 12 * HOUR };

/**
 * The thresholds for this deployment: snapshot streams are judged against the schedule it runs
 * (PARAPET_SNAPSHOT_HOURS), so the status API and `parapet connectors` agree with the alerts the scheduler raises.
 */
export function healthThresholdsFor(config: { snapshotHours: number }): HealthThresholds {
  return { ...DEFAULT_HEALTH_THRESHOLDS, snapshotEveryMs: config.snapshotHours * HOUR };
}

export interface HealthAlert {
  kind: 'silent' | 'behind';
  /** What is wrong and what to check, in plain words. */
  message: string;
}

/** One stream of one connection: is what Parapet holds complete and current? */
export interface StreamHealth {
  stream: string;
  kind: 'snapshot' | 'incremental';
  lastSuccessAt: number | null;
  /** The last run's error, when the last run failed. */
  lastError: string | null;
  lastErrorAt: number | null;
  /** Records read by the latest finished run. */
  recordsLastRun: number | null;
  /** Activity streams: the newest event time stored. */
  newestEventAt: number | null;
  /** Activity streams: now minus the newest event time; snapshot streams: now minus the last success. Null when unknown. */
  lagSeconds: number | null;
  /** Activity streams: events in the last 24 hours and per day over the 7 days before. */
  eventsLastDay: number | null;
  usualEventsPerDay: number | null;
  lateArrivals: number;
  /** The longest delay of a late arrival (ingest time minus event time). */
  worstLateSeconds: number;
  duplicatesAbsorbed: number;
  /** Requests sent again (throttling, 5xx, network errors, malformed bodies) by committed runs. */
  pagesRetried: number;
  alerts: HealthAlert[];
}

/**
 * The alerts a stream's numbers call for (pure: see {@link DEFAULT_HEALTH_THRESHOLDS}). A source is silent when
 * it has been quiet longer than the minimum silence and `silentAfterGaps` of its usual gaps between events, and
 * (when `quietHoursWeekBefore` is known) the same hours a week before brought at least `silentAfterGaps` events:
 * a night or weekend that is quiet every week is not an outage, the Monday morning after it is.
 */
export function healthAlerts(
  health: Pick<StreamHealth, 'stream' | 'kind' | 'lastSuccessAt' | 'newestEventAt' | 'usualEventsPerDay'> & { quietHoursWeekBefore?: number | null },
  now: number,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  const hours = (ms: number) => `${(ms / HOUR).toFixed(1)} h`;
  // A snapshot stream that ran on schedule is as old as its interval; it is behind once past that.
  const behindAfter = thresholds.maxBehindMs + (health.kind === 'snapshot' ? thresholds.snapshotEveryMs : 0);
  if (health.lastSuccessAt === null || now - health.lastSuccessAt > behindAfter) {
    const since = health.lastSuccessAt === null ? 'has never completed a run' : `has not completed a run for ${hours(now - health.lastSuccessAt)}`;
    alerts.push({ kind: 'behind', message: `${health.stream} ${since} (limit ${hours(behindAfter)}): check the connection's last error and that the scheduler is running.` });
  }
  if (health.kind === 'incremental' && health.newestEventAt !== null && health.usualEventsPerDay !== null && health.usualEventsPerDay > 0) {
    const usualGap = (24 * HOUR) / health.usualEventsPerDay;
    const silentAfter = Math.max(thresholds.minSilenceMs, thresholds.silentAfterGaps * usualGap);
    const quiet = now - health.newestEventAt;
    const weekBefore = health.quietHoursWeekBefore ?? null;
    if (quiet > silentAfter && (weekBefore === null || weekBefore >= thresholds.silentAfterGaps)) {
      const sameHours = weekBefore === null ? '' : ` and the same hours a week before brought ${weekBefore}`;
      alerts.push({
        kind: 'silent',
        message: `${health.stream} has delivered no event for ${hours(quiet)}, though it usually delivers ${health.usualEventsPerDay.toFixed(0)} a day${sameHours} (silent after ${hours(silentAfter)}): check that the app's audit logging is still on and the connector's permissions still hold.`,
      });
    }
  }
  return alerts;
}

/**
 * Completeness of each stream of a connection: what `parapet connectors` prints and the status API returns.
 * Streams come from the connector's definition, so a stream that never ran shows up (and is "behind").
 */
export async function connectionHealth(db: Db, connector: AnyConnector, instanceId: string, now: number, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): Promise<StreamHealth[]> {
  const states = new Map((await getStreamStates(db, instanceId)).map((s) => [s.stream, s]));
  const counters = new Map((await getStreamCounters(db, instanceId)).map((c) => [c.stream, c]));
  const { latest, latestFailed } = await lastRuns(db, instanceId);
  const hasActivities = Object.values(connector.streams).some((s) => s.kind === 'incremental');
  const volume = hasActivities ? await activityVolume(db, instanceId, now) : null;
  return Object.entries(connector.streams).map(([stream, definition]) => {
    const state = states.get(stream);
    const count = counters.get(stream);
    const run = latest.get(stream);
    const failed = run?.status === 'failed' ? latestFailed.get(stream) : undefined;
    const incremental = definition.kind === 'incremental';
    const lastSuccessAt = state?.lastSuccessAt ?? null;
    const newestEventAt = incremental ? (volume?.newestEventAt ?? null) : null;
    const lagFrom = incremental ? newestEventAt : lastSuccessAt;
    const health: StreamHealth = {
      stream,
      kind: definition.kind,
      lastSuccessAt,
      lastError: failed?.error ?? null,
      lastErrorAt: failed ? (failed.finishedAt ?? failed.startedAt) : null,
      recordsLastRun: run && run.status !== 'running' ? run.records : null,
      newestEventAt,
      lagSeconds: lagFrom === null ? null : Math.max(0, Math.round((now - lagFrom) / 1000)),
      eventsLastDay: incremental ? (volume?.lastDay ?? 0) : null,
      usualEventsPerDay: incremental ? (volume?.usualPerDay ?? 0) : null,
      lateArrivals: count?.lateArrivals ?? 0,
      worstLateSeconds: Math.round((count?.worstLateMs ?? 0) / 1000),
      duplicatesAbsorbed: count?.duplicatesAbsorbed ?? 0,
      pagesRetried: count?.requestsRetried ?? 0,
      alerts: [],
    };
    health.alerts = healthAlerts({ ...health, quietHoursWeekBefore: incremental ? (volume?.quietHoursWeekBefore ?? null) : null }, now, thresholds);
    return health;
  });
}
