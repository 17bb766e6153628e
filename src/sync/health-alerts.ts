import type { Logger } from 'pino';
import type { Alert } from '../core/alert.js';
import { MINUTE } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import { inTransaction, type Db } from '../store/db.js';
import { dedupKeyOf, findOpenAlert, getAlert, insertAlert, latestClosedAlert, setAlertStatus } from '../store/repos/alerts.js';
import { listInstances, type ConnectorInstance } from '../store/repos/connector-instances.js';
import { connectionHealth, DEFAULT_HEALTH_THRESHOLDS, type HealthAlert, type HealthThresholds, type StreamHealth } from './stream-health.js';

/** Policy ids of the built-in stream health alerts (the alert list filters on them). */
export const HEALTH_POLICIES = {
  silent: { id: 'health.source-silent', name: 'Source went silent' },
  behind: { id: 'health.source-behind', name: 'Source fell behind' },
} as const;

export interface HealthCheckResult {
  raised: Alert[];
  /** Ids of the open alerts resolved because their stream is healthy again. */
  resolved: string[];
}

type Kind = HealthAlert['kind'];

/** The alert's subject key: one stream of one connection. */
const subjectKey = (instance: ConnectorInstance, stream: string) => `${stream}@${instance.id}`;

/**
 * What makes one episode of a finding: the newest event a silent stream delivered, the last success of a
 * stream that is behind (or the connection's creation when it never completed a run). It ends the fingerprint,
 * so an alert closed by an analyst is not raised again while the same episode lasts.
 */
function episodeOf(kind: Kind, health: StreamHealth, instance: ConnectorInstance): number {
  return kind === 'silent' ? (health.newestEventAt ?? 0) : (health.lastSuccessAt ?? instance.createdAt);
}

/** `policy|kind|app:<stream>@<connection>|<episode>`: its dedup key (all but the episode) finds the open alert. */
const healthFingerprint = (kind: Kind, key: string, episode: number) => `${HEALTH_POLICIES[kind].id}|${kind}|app:${key}|${episode}`;

function healthAlert(instance: ConnectorInstance, health: StreamHealth, finding: HealthAlert, now: number): Alert {
  const policy = HEALTH_POLICIES[finding.kind];
  const key = subjectKey(instance, health.stream);
  return {
    id: newId(now),
    fingerprint: healthFingerprint(finding.kind, key, episodeOf(finding.kind, health, instance)),
    policyId: policy.id,
    policyName: policy.name,
    variant: finding.kind,
    severity: 'medium',
    status: 'open',
    resolution: null,
    resolutionNote: null,
    subject: { type: 'app', key, email: null, userId: null, identityId: null },
    connectorInstanceId: instance.id,
    provider: instance.provider,
    app: instance.provider,
    explanation: `${instance.name}: ${finding.message}`,
    baseline: health.usualEventsPerDay === null ? null : { usualEventsPerDay: health.usualEventsPerDay },
    details: {
      connection: instance.name,
      stream: health.stream,
      newestEventAt: health.newestEventAt,
      lastSuccessAt: health.lastSuccessAt,
      lagSeconds: health.lagSeconds,
      eventsLastDay: health.eventsLastDay,
      lastError: health.lastError,
    },
    activityIds: [],
    requestedActions: [],
    firstActivityAt: now,
    lastActivityAt: now,
    createdAt: now,
    updatedAt: now,
    previousAlertId: null,
  };
}

/** The stream moved on since the alert was raised: a newer event, or a newer completed run. */
function recovered(kind: Kind, health: StreamHealth, raisedWith: Record<string, unknown>): boolean {
  const before = (key: 'newestEventAt' | 'lastSuccessAt') => (typeof raisedWith[key] === 'number' ? raisedWith[key] : -Infinity);
  return kind === 'silent' ? health.newestEventAt !== null && health.newestEventAt > before('newestEventAt') : health.lastSuccessAt !== null && health.lastSuccessAt > before('lastSuccessAt');
}

function recoveryNote(kind: Kind, stream: string, instance: ConnectorInstance, now: number, enabled: boolean): string {
  const at = new Date(now).toISOString();
  if (!enabled) return `Resolved automatically at ${at}: the connection ${instance.name} is disabled, so its health is no longer checked.`;
  return kind === 'silent'
    ? `Resolved automatically at ${at}: ${stream} of ${instance.name} delivers events again.`
    : `Resolved automatically at ${at}: ${stream} of ${instance.name} completed a run again.`;
}

/**
 * Raises and resolves the built-in health alerts of one connection: one open `health.source-silent` /
 * `health.source-behind` alert per stream while the finding lasts (later checks leave it as it is), resolved
 * automatically (as a true positive, with a note) once the stream is healthy again: a newer event, a newer
 * completed run (or the connection disabled). An alert an analyst closed is not raised again for the same
 * episode; a new episode raises a new alert linked to the closed one.
 */
export async function checkConnectionHealth(db: Db, connector: AnyConnector, instance: ConnectorInstance, now: number, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): Promise<HealthCheckResult> {
  const enabled = instance.status !== 'disabled';
  const selected = (stream: string) => !instance.streams || instance.streams.includes(stream);
  const streams = (await connectionHealth(db, connector, instance.id, now, thresholds)).filter((h) => selected(h.stream));
  // Events are counted per connection (an activity does not record its stream): with several activity streams
  // (Salesforce) a silence is one finding, raised on the first of them and naming the others.
  const activityStreams = streams.filter((h) => h.kind === 'incremental').map((h) => h.stream);
  const sharedSilence = activityStreams.length > 1 ? ` (events are counted per connection, across its activity streams ${activityStreams.join(', ')})` : '';
  return inTransaction(db, `health alerts of ${instance.name}`, async (trx) => {
    const result: HealthCheckResult = { raised: [], resolved: [] };
    for (const health of streams) {
      for (const kind of ['silent', 'behind'] as const) {
        if (kind === 'silent' && health.stream !== activityStreams[0]) continue;
        let finding = enabled ? health.alerts.find((a) => a.kind === kind) : undefined;
        if (finding && kind === 'silent' && sharedSilence) finding = { ...finding, message: finding.message.replace(/\.$/, `${sharedSilence}.`) };
        // A connection that never completed a run gets its first backfill's time before it counts as behind.
        if (finding && kind === 'behind' && health.lastSuccessAt === null && now - instance.createdAt <= thresholds.maxBehindMs) finding = undefined;
        const dedupKey = dedupKeyOf(healthFingerprint(kind, subjectKey(instance, health.stream), 0));
        const open = await findOpenAlert(trx, dedupKey);
        if (!finding) {
          // Resolved on recovery only: a source silent for over a week loses its usual volume (and so the
          // finding) without delivering anything; its alert stays open.
          if (open && (!enabled || recovered(kind, health, open.details))) {
            await setAlertStatus(trx, open.id, { status: 'resolved', resolution: 'true_positive', note: recoveryNote(kind, health.stream, instance, now, enabled), now });
            result.resolved.push(open.id);
          }
          continue;
        }
        if (open) continue;
        const alert = healthAlert(instance, health, finding, now);
        const closedId = await latestClosedAlert(trx, dedupKey);
        if (closedId) {
          const closed = await getAlert(trx, closedId);
          if (closed.fingerprint === alert.fingerprint) continue; // closed by an analyst during this episode
          alert.previousAlertId = closedId;
        }
        await insertAlert(trx, alert);
        result.raised.push(alert);
      }
    }
    return result;
  });
}

export interface HealthMonitorOptions {
  db: Db;
  sync: { connectorFor(instance: ConnectorInstance): AnyConnector };
  logger: Pick<Logger, 'info' | 'error'>;
  /** Between two checks of every connection. @default 5 minutes */
  everyMs?: number | undefined;
  thresholds?: HealthThresholds | undefined;
  /** Called with the alerts a check raised. */
  onAlerts?: (alerts: readonly Alert[]) => void;
}

/**
 * The periodic health check the schedulers run (`parapet serve`'s embedded scheduler and the `parapet worker`
 * scheduler leader): call {@link HealthMonitor.tick} on every scheduling tick; it checks every connection at
 * most once per `everyMs`. A failed check is logged and tried again at the next interval.
 */
export class HealthMonitor {
  private lastRunAt: number | null = null;

  constructor(private readonly options: HealthMonitorOptions) {}

  async tick(now: number): Promise<HealthCheckResult | null> {
    if (this.lastRunAt !== null && now - this.lastRunAt < (this.options.everyMs ?? 5 * MINUTE)) return null;
    this.lastRunAt = now;
    return this.checkAll(now);
  }

  /** Checks every connection now; never throws (a connection whose check fails is logged and skipped). */
  async checkAll(now: number): Promise<HealthCheckResult> {
    const { db, sync, logger } = this.options;
    const total: HealthCheckResult = { raised: [], resolved: [] };
    let instances: ConnectorInstance[];
    try {
      instances = await listInstances(db);
    } catch (error) {
      logger.error({ err: errorMessage(error) }, `health check: could not list the connections, trying again at the next check: ${errorMessage(error)}`);
      return total;
    }
    for (const instance of instances) {
      try {
        const result = await checkConnectionHealth(db, sync.connectorFor(instance), instance, now, this.options.thresholds);
        total.raised.push(...result.raised);
        total.resolved.push(...result.resolved);
      } catch (error) {
        logger.error({ connector: instance.name, err: errorMessage(error) }, `health check of ${instance.name} failed, trying again at the next check: ${errorMessage(error)}`);
      }
    }
    // The fields of every new alert's log line (src/app/console-log.ts alertLogFields): "alert MEDIUM policy subject: sentence" on a terminal.
    for (const alert of total.raised) {
      logger.info({ event: 'alert', alertId: alert.id, severity: alert.severity, policy: alert.policyId, person: alert.subject.key, sentence: alert.explanation }, `new alert: ${alert.policyName}`);
    }
    if (total.resolved.length) logger.info({ resolved: total.resolved }, `health check: ${total.resolved.length} health alert(s) resolved, their streams are healthy again`);
    if (total.raised.length) this.options.onAlerts?.(total.raised);
    return total;
  }
}
