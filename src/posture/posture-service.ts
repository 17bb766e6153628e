import type { Logger } from 'pino';
import type { Alert } from '../core/alert.js';
import type { Clock } from '../core/clock.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { settingsSnapshot, type PostureCheck } from '../connectors/sdk/define-check.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import { inTransaction, type Db } from '../store/db.js';
import { insertAlert } from '../store/repos/alerts.js';
import { findInstance, listInstances, type ConnectorInstance } from '../store/repos/connector-instances.js';
import {
  appendHistory,
  deleteFindingsExcept,
  getException,
  insertException,
  listExceptions,
  listFindings,
  listHistory,
  markExpiryAlerted,
  revokeException,
  saveFinding,
  type PostureException,
  type PostureHistoryEntry,
  type StoredFinding,
} from '../store/repos/posture.js';
import { listSettings } from '../store/repos/settings.js';
import { detectDrift } from './drift.js';
import { evaluateChecks, type CheckOutcome } from './evaluate-checks.js';
import { driftAlert, expiryAlert } from './posture-alert.js';
import { buildPostureReport, type PostureReport } from './posture-report.js';

export interface PostureServiceOptions {
  db: Db;
  registry: Pick<ConnectorRegistry, 'get' | 'load'>;
  clock: Clock;
  logger: Logger;
  /** Called with the alerts a run raised (the composition root logs them). */
  onAlerts?: (alerts: readonly Alert[]) => void;
}

export interface InstanceEvaluation {
  instanceId: string;
  evaluated: number;
  /** Checks whose finding changed since the last run. */
  changed: number;
  alerts: Alert[];
}

export interface NewException {
  instance: string;
  checkId: string;
  owner: string;
  reason: string;
  expiresAt: number;
  createdBy?: string | null;
}

/** The newest history entry of a check on an instance whose status is not `error`: its last value actually read. */
async function lastReadFinding(db: Db, instanceId: string, checkId: string): Promise<PostureHistoryEntry | null> {
  return (await listHistory(db, checkId, { instanceId })).find((h) => h.status !== 'error') ?? null;
}

function changed(previous: StoredFinding | undefined, status: string, evidence: string, observed: number | null): boolean {
  return !previous || previous.status !== status || previous.evidence !== evidence || previous.observed !== observed;
}

/**
 * Posture: evaluates each connector's checks over its instance's latest settings snapshot, keeps the latest
 * finding and the history of changes per check, raises drift and exception-expiry alerts, and builds reports.
 */
export class PostureService {
  constructor(private readonly options: PostureServiceOptions) {}

  private checksOf(instance: ConnectorInstance): readonly PostureCheck[] {
    return this.options.registry.get(instance.provider)?.postureChecks ?? [];
  }

  /** Evaluates one instance. Null when it has no checks or no settings were collected yet. */
  async evaluateInstance(instanceRef: string): Promise<InstanceEvaluation | null> {
    const instance = await findInstance(this.options.db, instanceRef);
    const checks = this.checksOf(instance);
    if (checks.length === 0) return null;
    const records = await listSettings(this.options.db, instance.id);
    if (records.length === 0) return null;
    const snapshot = settingsSnapshot(records.map((r) => ({ key: r.key, value: (r.value ?? {}) as Record<string, unknown> })));
    return this.record(instance, checks, evaluateChecks(checks, snapshot));
  }

  /**
   * The settings stream of an instance failed (an error that survived the retries, not a scope refused: that
   * one is read as "not evaluated — grant these scopes"). Its settings are not current, so no check is judged
   * on them: each evaluable check gets an `error` finding naming the failure and the fix, and the report lists
   * it as not evaluated; the stored settings and the checks' history stay as they were. The next successful
   * sync compares with the last finding that was not an error, so a pass that turned into a fail meanwhile still
   * raises drift. `failure` is already redacted by the sync service. Null when the connector has no checks.
   */
  async recordSettingsFailure(instanceRef: string, failure: { stream: string; error: string }): Promise<InstanceEvaluation | null> {
    const instance = await findInstance(this.options.db, instanceRef);
    const checks = this.checksOf(instance);
    if (checks.length === 0) return null;
    const reason = failure.error.trim().replace(/\.$/, '');
    const evidence =
      `Not evaluated: reading the settings failed in the last sync (${failure.stream}: ${reason}). ` +
      `Fix: the next sync reads them again; if it keeps failing, run \`parapet test ${instance.name}\` and check the provider's service status.`;
    const outcomes = evaluateChecks(checks, {}).map((o, i): CheckOutcome => (checks[i]?.notEvaluable ? o : { checkId: o.checkId, status: 'error', evidence, details: { failedStream: failure.stream, error: reason }, ...(o.expected !== undefined ? { expected: o.expected } : {}) }));
    return this.record(instance, checks, outcomes);
  }

  /** Stores the outcomes of one instance's checks as its findings and history, raising drift and expiry alerts. */
  private async record(instance: ConnectorInstance, checks: readonly PostureCheck[], outcomes: readonly CheckOutcome[]): Promise<InstanceEvaluation> {
    const { db, clock } = this.options;
    const now = clock.now();
    const result = await inTransaction(db, `posture of ${instance.name}`, async (trx) => {
      const previous = new Map((await listFindings(trx, instance.id)).map((f) => [f.checkId, f]));
      const exceptions = await listExceptions(trx, instance.id);
      const alerts: Alert[] = [];
      let changes = 0;
      for (const [i, outcome] of outcomes.entries()) {
        const check = checks[i] as PostureCheck;
        const before = previous.get(check.id);
        const exception = exceptions.find((e) => e.checkId === check.id && e.expiresAt > now) ?? null;
        const observed = outcome.observed ?? null;
        // After an error (settings that could not be read), drift compares with the last finding that was not one.
        const baseline = before?.status === 'error' ? await lastReadFinding(trx, instance.id, check.id) : (before ?? null);
        const drift = detectDrift(check, baseline, outcome, exception);
        let alertId: string | null = null;
        if (drift) {
          const alert = driftAlert(check, instance, outcome, drift, now);
          await insertAlert(trx, alert);
          alerts.push(alert);
          alertId = alert.id;
        }
        for (const expired of exceptions.filter((e) => e.checkId === check.id && e.expiresAt <= now && e.expiryAlertedAt === null)) {
          if (outcome.status === 'fail') {
            const alert = expiryAlert(check, instance, expired, outcome, now);
            await insertAlert(trx, alert);
            alerts.push(alert);
          }
          await markExpiryAlerted(trx, expired.id, now);
        }
        if (changed(before, outcome.status, outcome.evidence, observed)) {
          changes++;
          await appendHistory(trx, { id: newId(now), connectorInstanceId: instance.id, checkId: check.id, status: outcome.status, evidence: outcome.evidence, observed, evaluatedAt: now, alertId });
        }
        await saveFinding(trx, {
          connectorInstanceId: instance.id,
          checkId: check.id,
          status: outcome.status,
          evidence: outcome.evidence,
          expected: outcome.expected ?? null,
          observed,
          details: outcome.details ?? {},
          since: before && before.status === outcome.status ? before.since : now,
          evaluatedAt: now,
        });
      }
      await deleteFindingsExcept(trx, instance.id, checks.map((c) => c.id));
      return { instanceId: instance.id, evaluated: outcomes.length, changed: changes, alerts };
    });
    if (result.alerts.length > 0) this.options.onAlerts?.(result.alerts);
    return result;
  }

  /** Evaluates every instance whose connector has checks. */
  async evaluateAll(): Promise<InstanceEvaluation[]> {
    const results: InstanceEvaluation[] = [];
    for (const instance of await listInstances(this.options.db)) {
      const r = await this.evaluateInstance(instance.id);
      if (r) results.push(r);
    }
    return results;
  }

  /** The posture report, optionally for one app (provider id) or one instance (name or id). */
  async report(filter: { app?: string; instance?: string } = {}): Promise<PostureReport> {
    const { db, registry, clock } = this.options;
    let instances = await listInstances(db);
    if (filter.instance !== undefined) {
      const one = await findInstance(db, filter.instance);
      instances = instances.filter((i) => i.id === one.id);
    }
    if (filter.app !== undefined) {
      const app = filter.app.toLowerCase();
      if (!(await registry.load(app))) throw new ValidationError(`Unknown app "${filter.app}": use a provider id such as ${instancesProviders(instances) || 'docusign or microsoft365'}.`);
      instances = instances.filter((i) => i.provider === app);
    }
    const ids = new Set(instances.map((i) => i.id));
    const findings = (await listFindings(db)).filter((f) => ids.has(f.connectorInstanceId));
    const exceptions = (await listExceptions(db)).filter((e) => ids.has(e.connectorInstanceId));
    return buildPostureReport({ instances, findings, exceptions, connector: (p) => registry.get(p), now: clock.now() });
  }

  async history(checkId: string, instance?: string): Promise<PostureHistoryEntry[]> {
    const id = checkId.toUpperCase();
    const known = (await listInstances(this.options.db)).some((i) => this.checksOf(i).some((c) => c.id === id));
    if (!known) throw new NotFoundError(`No connected app has a posture check "${checkId}". List the checks with \`parapet posture\`.`);
    const instanceId = instance === undefined ? undefined : (await findInstance(this.options.db, instance)).id;
    return listHistory(this.options.db, id, instanceId === undefined ? {} : { instanceId });
  }

  /** Accepts the risk of a check on an instance: the current value becomes the accepted one. */
  async addException(input: NewException): Promise<PostureException> {
    const { db, clock } = this.options;
    const now = clock.now();
    const instance = await findInstance(db, input.instance);
    const checkId = input.checkId.toUpperCase();
    const check = this.checksOf(instance).find((c) => c.id === checkId);
    if (!check) throw new ValidationError(`${instance.name} (${instance.provider}) has no posture check "${input.checkId}": its checks are ${this.checksOf(instance).map((c) => c.id).join(', ') || 'none'}.`);
    const issues: string[] = [];
    if (!input.owner.trim()) issues.push('owner: name the person who accepts the risk');
    if (!input.reason.trim()) issues.push('reason: say why the risk is accepted');
    if (!(input.expiresAt > now)) issues.push('expires: give a date in the future');
    if (input.expiresAt > now + 366 * 86_400_000) issues.push('expires: at most one year ahead; renew it then');
    if (issues.length) throw new ValidationError(`The exception for ${checkId} is incomplete: ${issues.join('; ')}.`, issues);
    const finding = (await listFindings(db, instance.id)).find((f) => f.checkId === checkId);
    const exception: PostureException = {
      id: newId(now),
      connectorInstanceId: instance.id,
      checkId,
      owner: input.owner.trim(),
      reason: input.reason.trim(),
      expiresAt: input.expiresAt,
      acceptedObserved: finding?.observed ?? null,
      acceptedEvidence: finding?.evidence ?? 'Not evaluated yet.',
      createdAt: now,
      createdBy: input.createdBy ?? null,
      expiryAlertedAt: null,
      revokedAt: null,
    };
    await insertException(db, exception);
    return exception;
  }

  async listExceptions(): Promise<PostureException[]> {
    return listExceptions(this.options.db);
  }

  async revokeException(id: string): Promise<PostureException> {
    const { db, clock } = this.options;
    const exception = await getException(db, id);
    if (!exception || !(await revokeException(db, id, clock.now()))) throw new NotFoundError(`No active posture exception ${id}: list them with \`parapet posture exception list\`.`);
    return exception;
  }
}

function instancesProviders(instances: readonly ConnectorInstance[]): string {
  return [...new Set(instances.map((i) => i.provider))].join(', ');
}
