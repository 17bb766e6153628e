import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { listInstances } from '../store/repos/connector-instances.js';
import { getStreamStates } from '../store/repos/stream-states.js';
import { HealthMonitor } from './health-alerts.js';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './stream-health.js';
import type { SyncService, SyncSummary } from './sync-service.js';

export interface SchedulerOptions {
  db: Db;
  sync: SyncService;
  clock: Clock;
  logger: Logger;
  /** Between activity polls of one instance. */
  pollMs: number;
  /** Between inventory snapshots of one instance. */
  snapshotMs: number;
  /** How often the scheduler looks for due work. @default 1000 */
  tickMs?: number;
  onSynced?: (summary: SyncSummary) => void;
  /** Between two health checks (silent and behind streams raise alerts). @default 5 minutes */
  healthCheckMs?: number;
  healthThresholds?: HealthThresholds;
  /** Other periodic work run from each tick, after the due syncs started (governance's sweep). */
  periodic?: readonly { tick(now: number): Promise<void> }[];
}

/**
 * Embedded-mode scheduler: first connect backfills (snapshots, then activities), then activities are
 * polled every `pollMs` and snapshots taken every `snapshotMs`. One run per instance at a time; disabled
 * instances are skipped and resume from their checkpoint when enabled again. Every few minutes a tick also
 * checks each stream's health and raises or resolves the silent / behind alerts (health-alerts.ts).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  /** The tick start() is running, until it ends. */
  private ticking: Promise<void> | null = null;
  /** The periodic stream health check, run from the ticks (the worker scheduler leader runs the same one). */
  readonly health: HealthMonitor;

  constructor(private readonly options: SchedulerOptions) {
    this.health = new HealthMonitor({ db: options.db, sync: options.sync, logger: options.logger, everyMs: options.healthCheckMs, thresholds: { ...DEFAULT_HEALTH_THRESHOLDS, snapshotEveryMs: options.snapshotMs, ...options.healthThresholds } });
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      // A failed tick (the database busy or restarting) is logged and tried again: left unhandled, it would end the process.
      this.ticking = this.tick()
        .catch((error: unknown) => this.options.logger.error({ err: errorMessage(error) }, 'scheduler: a tick failed; the next one tries again'))
        .finally(() => {
          this.ticking = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.tickMs ?? 1000);
        });
    };
    tick();
  }

  /** Resolves once the tick in flight (if any) and every run in progress have ended: the store can close then. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled(this.running.values());
  }

  /** Starts every run that is due now; resolves when they are started (not finished). */
  async tick(): Promise<void> {
    const now = this.options.clock.now();
    for (const instance of await listInstances(this.options.db)) {
      if (instance.status === 'disabled' || this.running.has(instance.id)) continue;
      const connector = this.options.sync.connectorFor(instance);
      const states = new Map((await getStreamStates(this.options.db, instance.id)).map((s) => [s.stream, s]));
      const due = (kind: 'snapshot' | 'incremental', every: number) =>
        Object.entries(connector.streams).some(([name, s]) => s.kind === kind && (states.get(name)?.lastRunAt ?? 0) + every <= now);
      // A failed run is retried at the poll interval, not hammered every tick.
      const kinds = [...(due('snapshot', this.options.snapshotMs) ? (['snapshot'] as const) : []), ...(due('incremental', this.options.pollMs) ? (['incremental'] as const) : [])];
      if (!kinds.length) continue;
      const run = this.options.sync
        .syncInstance(instance.id, { kinds })
        .then((summary) => this.options.onSynced?.(summary))
        .catch((error: unknown) => this.options.logger.error({ connector: instance.name, err: errorMessage(error) }, 'sync failed'))
        .finally(() => this.settled(instance.id, run));
      this.running.set(instance.id, run);
    }
    await this.health.tick(now);
    for (const work of this.options.periodic ?? []) await work.tick(now);
  }

  /**
   * Syncs one instance now, after its run in progress (if any); the scheduler starts no other run of it
   * meanwhile. Resolves with the summary (also given to onSynced); a failure rejects.
   */
  syncNow(instanceId: string, kinds: ('snapshot' | 'incremental')[]): Promise<SyncSummary> {
    const result = (this.running.get(instanceId) ?? Promise.resolve()).then(() => this.options.sync.syncInstance(instanceId, { kinds }));
    const run: Promise<void> = result
      .then((summary) => this.options.onSynced?.(summary))
      .catch(() => undefined)
      .finally(() => this.settled(instanceId, run));
    this.running.set(instanceId, run);
    return result;
  }

  private settled(instanceId: string, run: Promise<void>): void {
    if (this.running.get(instanceId) === run) this.running.delete(instanceId);
  }

  /** Resolves when every run started so far has finished. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
