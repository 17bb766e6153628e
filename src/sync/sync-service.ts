import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { ConfigError, ParapetError, ValidationError, errorMessage } from '../core/errors.js';
import type { AnyConnector, ConnectorRuntime, TestResult } from '../connectors/sdk/define-connector.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import { RateLimitGovernor, type RateLimitPolicy } from '../connectors/sdk/rate-limit-governor.js';
import { Redactor } from '../connectors/sdk/redactor.js';
import { createConnectorRuntime, secretValues } from '../connectors/sdk/runtime.js';
import { storeFailure, type Store } from '../store/db.js';
import {
  findInstance,
  readInstanceConfig,
  setInstanceStatus,
  type ConnectorInstance,
} from '../store/repos/connector-instances.js';
import { finishSyncRun, startSyncRun } from '../store/repos/sync-runs.js';
import { touchStreamRun } from '../store/repos/stream-states.js';
import { runIncrementalStream, runSnapshotStream, type CommittedHook, type IngestEnrichment, type StreamProgress } from './stream-runner.js';

export interface SyncOptions {
  /** Which kinds of stream to run. @default both, snapshots first */
  kinds?: readonly ('snapshot' | 'incremental')[];
  /** Forget the activity checkpoint and read the whole backfill window again (duplicates are absorbed). */
  full?: boolean;
  /** Run only these streams (a worker's job is one stream). @default every stream of the kinds */
  streams?: readonly string[];
  onProgress?: (instance: ConnectorInstance, progress: StreamProgress) => void;
  signal?: AbortSignal;
}

export interface StreamOutcome extends StreamProgress {
  ok: boolean;
  error: string | null;
}

export interface SyncSummary {
  instance: ConnectorInstance;
  ok: boolean;
  streams: StreamOutcome[];
  /** Wall time the sync took (for people reading the log; not the clock's time). */
  durationMs: number;
}

export interface SyncServiceDeps {
  store: Store;
  registry: ConnectorRegistry;
  logger: Logger;
  clock: Clock;
  backfillDays: number;
  onCommitted?: CommittedHook;
  /** Runs after an instance's settings snapshot completed (posture evaluates it); a failure is logged, never fails the sync. */
  onSettingsSynced?: (instanceId: string) => Promise<void>;
  /** Runs after an instance's settings snapshot failed, with the redacted error (posture marks its checks `error`); a failure is logged. */
  onSettingsFailed?: (instanceId: string, failure: { stream: string; error: string }) => Promise<void>;
  /** Geo, ASN and IP flags written on each activity at ingest (the composition root passes detection's). */
  enrich?: IngestEnrichment;
  /** The rate-limit budget of an instance. @default one in-process token bucket per instance (workers share one in PostgreSQL) */
  governorFor?: (instanceId: string, policy: RateLimitPolicy) => RateLimitGovernor;
}

interface InstanceSession {
  configText: string;
  runtime: ConnectorRuntime;
  session: unknown;
}

/**
 * Runs a connector instance's streams into the store and keeps its status (connected / error with the
 * reason / disabled). Sessions (token caches) and rate-limit governors live as long as this service, so a
 * polling process reuses its tokens and keeps one budget per instance.
 */
export class SyncService {
  private readonly sessions = new Map<string, InstanceSession>();
  private readonly governors = new Map<string, RateLimitGovernor>();

  constructor(private readonly deps: SyncServiceDeps) {}

  connectorFor(instance: ConnectorInstance): AnyConnector {
    const connector = this.deps.registry.get(instance.provider);
    if (!connector) throw new ConfigError(`Connector "${instance.name}" uses provider "${instance.provider}", which this version of Parapet does not have.`);
    return connector;
  }

  async testInstance(ref: string): Promise<{ instance: ConnectorInstance; result: TestResult }> {
    const instance = await findInstance(this.deps.store.db, ref);
    const { session, runtime, connector } = await this.sessionFor(instance);
    const result = await connector.testConnection(session, runtime);
    return { instance, result };
  }

  /**
   * "Test before save": runs a connector's named checks against a config that is not stored. Nothing is
   * written and no session is kept; every check's detail goes through the config's secret redaction.
   * A config the schema refuses throws a ValidationError naming each field.
   */
  async testConfig(provider: string, config: unknown): Promise<TestResult> {
    const connector = await this.deps.registry.load(provider);
    if (!connector) throw new ConfigError(`No connector "${provider}"; available: ${this.deps.registry.list().map((c) => c.id).join(', ')}`);
    const parsed = connector.configSchema.safeParse(config);
    if (!parsed.success) {
      throw new ValidationError(
        `The ${connector.displayName} settings are not valid`,
        parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'config'}: ${i.message}`),
      );
    }
    const runtime = createConnectorRuntime(connector, parsed.data, {
      logger: this.deps.logger.child({ connector: `${provider} (test before save)` }),
      clock: this.deps.clock,
      governor: new RateLimitGovernor(connector.rateLimit, this.deps.clock),
    });
    const redact = (text: string) => runtime.http.redact(text);
    try {
      const result = await connector.testConnection(connector.createSession(parsed.data, runtime), runtime);
      return { ok: result.ok, checks: result.checks.map((c) => ({ ...c, detail: redact(c.detail) })) };
    } catch (error) {
      // A config that cannot even build a session is one failed check, in words.
      return { ok: false, checks: [{ name: 'config', ok: false, detail: redact(errorMessage(error)) }] };
    }
  }

  async syncInstance(ref: string, options: SyncOptions = {}): Promise<SyncSummary> {
    const { db } = this.deps.store;
    const started = performance.now();
    const instance = await findInstance(db, ref);
    if (instance.status === 'disabled') {
      throw new ConfigError(`Connector "${instance.name}" is disabled: run \`parapet enable ${instance.name}\` to resume it from its checkpoint.`);
    }
    const { session, runtime, connector } = await this.sessionFor(instance, options.signal);
    const logger = this.deps.logger.child({ connector: instance.name, provider: connector.id });
    const kinds = options.kinds ?? ['snapshot', 'incremental'];
    const outcomes: StreamOutcome[] = [];

    if (options.full) {
      await db.deleteFrom('stream_states').where('connector_instance_id', '=', instance.id).where('checkpoint', 'is not', null).execute();
    }

    const ordered = Object.entries(connector.streams).sort(([, a], [, b]) => Number(a.kind === 'incremental') - Number(b.kind === 'incremental'));
    for (const [name, stream] of ordered) {
      if (!kinds.includes(stream.kind)) continue;
      if (instance.streams && !instance.streams.includes(name)) continue;
      if (options.streams && !options.streams.includes(name)) continue;
      // Bookkeeping writes fail on a full disk too: they are logged, never thrown, so the outcome still says why.
      await this.bookkeeping(logger, () => touchStreamRun(db, instance.id, name, this.deps.clock.now()));
      const runId = await this.bookkeeping(logger, () => startSyncRun(db, instance.id, name, this.deps.clock.now()));
      const ctx = {
        db,
        writeActivities: this.deps.store.writeActivities,
        connector,
        instanceId: instance.id,
        session,
        runtime,
        clock: this.deps.clock,
        logger: logger.child({ stream: name, runId }),
        backfillDays: this.deps.backfillDays,
        onProgress: options.onProgress ? (p: StreamProgress) => options.onProgress?.(instance, p) : undefined,
        onCommitted: this.deps.onCommitted,
        enrich: this.deps.enrich,
      };
      try {
        const progress = stream.kind === 'incremental' ? await runIncrementalStream(ctx, name, stream) : await runSnapshotStream(ctx, name, stream);
        outcomes.push({ ...progress, ok: true, error: null });
        if (runId !== null) await this.bookkeeping(logger, () => finishSyncRun(db, runId, { status: 'succeeded', records: progress.records, now: this.deps.clock.now() }));
        ctx.logger.info({ records: progress.records, stored: progress.stored, pages: progress.pages }, `${name}: synced`);
        if (stream.kind === 'snapshot' && stream.entity === 'settings' && this.deps.onSettingsSynced) {
          try {
            await this.deps.onSettingsSynced(instance.id);
          } catch (error) {
            ctx.logger.error({ err: runtime.http.redact(errorMessage(error)) }, `${name}: posture evaluation failed (the next sync retries it)`);
          }
        }
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const message = runtime.http.redact(errorMessage(error));
        outcomes.push({ stream: name, pages: 0, records: 0, stored: 0, ok: false, error: message });
        if (runId !== null) await this.bookkeeping(logger, () => finishSyncRun(db, runId, { status: 'failed', records: 0, error: message, now: this.deps.clock.now() }));
        ctx.logger.error({ err: message, kind: error instanceof ParapetError ? error.name : 'Error' }, `${name}: failed`);
        if (stream.kind === 'snapshot' && stream.entity === 'settings' && this.deps.onSettingsFailed) {
          try {
            await this.deps.onSettingsFailed(instance.id, { stream: name, error: message });
          } catch (failure) {
            ctx.logger.error({ err: runtime.http.redact(errorMessage(failure)) }, `${name}: recording the posture checks as not evaluated failed`);
          }
        }
        // Activities depend on the inventory only for enrichment; keep going so one failure does not stop the rest.
      }
    }

    const failed = outcomes.filter((o) => !o.ok);
    const now = this.deps.clock.now();
    await this.bookkeeping(logger, () =>
      setInstanceStatus(db, instance.id, {
        status: failed.length ? 'error' : 'connected',
        reason: failed.length ? failed.map((f) => `${f.stream}: ${f.error}`).join('; ') : null,
        now,
        succeeded: failed.length === 0,
        budget: runtime.http.governor.snapshot(),
      }),
    );
    return { instance: await findInstance(db, instance.id), ok: failed.length === 0, streams: outcomes, durationMs: performance.now() - started };
  }

  /** A write about the run (not its data): a failure, e.g. the disk being full, is logged and gives null. */
  private async bookkeeping<T>(logger: Logger, write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      logger.error({ err: errorMessage(storeFailure('Recording the sync run', error)) }, 'could not record the sync run');
      return null;
    }
  }

  /** Drops the cached session of an instance (after its config changed). */
  forget(instanceId: string): void {
    this.sessions.delete(instanceId);
  }

  private async sessionFor(instance: ConnectorInstance, signal?: AbortSignal): Promise<{ session: unknown; runtime: ConnectorRuntime; connector: AnyConnector }> {
    // A connection stored by another process after this one loaded its connectors.
    await this.deps.registry.load(instance.provider);
    const connector = this.connectorFor(instance);
    const raw = await readInstanceConfig(this.deps.store.db, this.deps.store.secrets, instance.id);
    try {
      return this.openSession(instance, connector, raw, signal);
    } catch (error) {
      // No runtime (and so no redactor) exists yet: an error that echoes the config (a library quoting a key it
      // cannot read) must not carry its secrets to the caller, the scheduler's log or the status reason.
      throw withoutSecrets(error, new Redactor(secretValues(connector, raw)));
    }
  }

  private openSession(instance: ConnectorInstance, connector: AnyConnector, raw: unknown, signal?: AbortSignal): { session: unknown; runtime: ConnectorRuntime; connector: AnyConnector } {
    const parsed = connector.configSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(`Stored config of "${instance.name}" is no longer valid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): reconnect it with \`parapet connect ${connector.id} --name ${instance.name} --replace\`.`);
    }
    const configText = JSON.stringify(parsed.data);
    const cached = this.sessions.get(instance.id);
    if (cached && cached.configText === configText && !signal) return { session: cached.session, runtime: cached.runtime, connector };
    let governor = this.governors.get(instance.id);
    if (!governor) {
      governor = this.deps.governorFor?.(instance.id, connector.rateLimit) ?? new RateLimitGovernor(connector.rateLimit, this.deps.clock);
      this.governors.set(instance.id, governor);
    }
    const runtime = createConnectorRuntime(connector, parsed.data, {
      logger: this.deps.logger.child({ connector: instance.name }),
      clock: this.deps.clock,
      governor,
      ...(signal ? { signal } : {}),
    });
    const session = connector.createSession(parsed.data, runtime);
    if (!signal) this.sessions.set(instance.id, { configText, runtime, session });
    return { session, runtime, connector };
  }
}

/** The error with the given secrets taken out of its message and stack (its class, and so its exit code, kept). */
function withoutSecrets(error: unknown, redactor: Redactor): unknown {
  const message = redactor.redact(errorMessage(error));
  if (!(error instanceof Error)) return new Error(message);
  try {
    error.message = message;
    if (error.stack) error.stack = redactor.redact(error.stack);
    return error;
  } catch {
    // A read-only message (DOMException): a plain error with the redacted text instead.
    return new Error(message);
  }
}
