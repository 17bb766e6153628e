import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Logger, default as Pino } from 'pino';
import { consoleLogDestination } from './console-log.js';
import { systemClock, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { loadConfig, type ParapetConfig } from '../config.js';
import { redactDeep, Redactor } from '../connectors/sdk/redactor.js';
import type { Enricher } from '../detection/enrichment/enricher.js';
import type { PostureService } from '../posture/posture-service.js';
import type { GovernanceService } from '../governance/governance-service.js';
import type { Store } from '../store/db.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import type { SyncService, SyncServiceDeps } from '../sync/sync-service.js';
import type { CommittedHook } from '../sync/stream-runner.js';
import { wireDetection } from './wire-detection.js';

// pino is loaded when the first line is logged (synchronously: `logger()` is), not for `parapet --help`.
const requirePino = (): typeof Pino => createRequire(import.meta.url)('pino') as typeof Pino;

/**
 * The composition root: config -> logger -> store -> sync -> detection, opened lazily so `parapet --help`
 * touches nothing: the modules behind each service (connectors, database, detection, posture, governance)
 * are imported when the service is first asked for, so a command loads only what it uses. The CLI commands
 * and `parapet serve` (the HTTP API) use the same object, so a wiring change (detection today, governance
 * later) happens here once.
 */
export interface AppServices {
  config(): ParapetConfig;
  logger(): Logger;
  clock: Clock;
  /**
   * The connectors, imported on first use (every connector's code is a large share of start-up): all of them,
   * or with `connectors: 'stored'` those of the stored connections (others load when a sync asks for them).
   */
  registry(): Promise<ConnectorRegistry>;
  /** Every connector at hand (the server, workers, the demo: connections made while they run); only before registry() was opened. */
  useAllConnectors(): void;
  store(): Promise<Store>;
  sync(): Promise<SyncService>;
  /** Posture: checks over each instance's settings, scores, drift alerts (evaluated after each settings sync). */
  posture(): Promise<PostureService>;
  /** One IP enricher for the process: ingest writes its lookups on each activity, detection reads intel through it. */
  enricher(): Promise<Enricher>;
  /** Governance: requested actions, approvals, the governance log (policies' actions arrive through detection). */
  governance(): Promise<GovernanceService>;
  /** Hooks run after each committed activity page (detection registers here). */
  committedHooks: CommittedHook[];
  /** Hooks run once when the sync service opens (detection catches up on what a crashed run left). */
  syncOpenedHooks: (() => Promise<void>)[];
  /** Hooks run by close() before the store closes (detection stores the policy state it holds in memory). */
  closingHooks: (() => Promise<void>)[];
  /** Runs detection over every stored activity past its durable cursor (what the committed hooks do by default). */
  detect(): Promise<void>;
  /** Gives each connection its rate-limit budget (workers share one in PostgreSQL); only before sync() was opened. */
  useGovernors(factory: NonNullable<SyncServiceDeps['governorFor']>): void;
  /** Changes config defaults for this process; only before anything was opened. */
  overrideConfig(overrides: Partial<ParapetConfig>): void;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  logLevel?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** A logger to use instead of the stderr one (tests capture lines with it). */
  logger?: Logger;
  /** Where log lines go. @default process.stderr (text on a terminal, JSON lines elsewhere) */
  logStream?: { write(text: string): unknown; isTTY?: boolean };
  /** Whether terminal log lines are coloured (the CLI honours NO_COLOR and --no-color). @default true */
  colorizeLogs?: () => boolean;
  /**
   * Which connectors registry() loads: all, or those of the connections in the store (a CLI command, which
   * usually works on one; `useAllConnectors()` switches back before the registry is opened). @default 'all'
   */
  connectors?: 'all' | 'stored';
}

const logRedactor = new Redactor();

export function createServices(options: CreateServicesOptions = {}): AppServices {
  let config: ParapetConfig | undefined;
  let logger: Logger | undefined = options.logger;
  let store: Promise<Store> | undefined;
  let sync: Promise<SyncService> | undefined;
  let enricher: Promise<Enricher> | undefined;
  let posture: Promise<PostureService> | undefined;
  let governance: Promise<GovernanceService> | undefined;
  let registry: Promise<ConnectorRegistry> | undefined;
  let connectorScope = options.connectors ?? 'all';
  const committedHooks: CommittedHook[] = [];
  const syncOpenedHooks: (() => Promise<void>)[] = [];
  const closingHooks: (() => Promise<void>)[] = [];
  let overrides: Partial<ParapetConfig> = {};
  let governorFor: SyncServiceDeps['governorFor'];
  const clock = options.clock ?? systemClock;
  const logStream = options.logStream ?? process.stderr;
  const services: AppServices = {
    clock,
    registry: () =>
      (registry ??=
        connectorScope === 'all'
          ? import('../connectors/registry.js').then((m) => m.registry)
          : Promise.all([services.store(), import('../connectors/catalog.js')]).then(async ([s, { registryOfProviders }]) =>
              registryOfProviders((await s.db.selectFrom('connector_instances').select('provider').distinct().execute()).map((row) => row.provider)),
            )),
    useAllConnectors: () => {
      if (registry && connectorScope !== 'all') throw new Error('useAllConnectors after the registry was opened');
      connectorScope = 'all';
    },
    committedHooks,
    syncOpenedHooks,
    closingHooks,
    config: () => (config ??= loadConfig(options.env ?? process.env, overrides)),
    detect: async () => undefined,
    useGovernors: (factory) => {
      if (sync) throw new Error('useGovernors after the sync service was opened');
      governorFor = factory;
    },
    overrideConfig: (o) => {
      if (config) throw new Error('overrideConfig after the config was read');
      overrides = { ...overrides, ...o };
    },
    logger: () => {
      if (logger) return logger;
      const pino = requirePino();
      return (logger = pino(
        {
          level: options.logLevel ?? services.config().logLevel,
          // Every logged object, at every depth, and every message: credential-named keys and credential
          // shapes (bearer tokens, JWTs, PEM keys, form secrets) never reach a log line. Each connection's
          // runtime logger also redacts that connection's own secret values.
          formatters: { log: (object: Record<string, unknown>) => redactDeep(object, logRedactor) as Record<string, unknown> },
          hooks: {
            logMethod(args, method) {
              method.apply(this, args.map((a) => (typeof a === 'string' ? logRedactor.redact(a) : a)) as Parameters<typeof method>);
            },
          },
        },
        // People at a terminal get readable lines; pipes and files get JSON for log shippers.
        (services.config().logFormat ?? (logStream.isTTY ? 'text' : 'json')) === 'text'
          ? consoleLogDestination(logStream, { colour: options.colorizeLogs?.() ?? true, verbose: ['debug', 'trace'].includes(options.logLevel ?? services.config().logLevel) })
          : logStream === process.stderr
            ? pino.destination(2)
            : { write: (line: string) => logStream.write(line) },
      ));
    },
    store: () =>
      (store ??= import('../store/db.js').then(({ openStore }) =>
        openStore({
          dataDir: services.config().dataDir,
          databaseUrl: services.config().databaseUrl,
          secretKey: services.config().secretKey,
          secretKeyFile: services.config().secretKeyFile,
          onWarning: (message) => services.logger().warn(message),
        }),
      )),
    posture: () =>
      (posture ??= Promise.all([services.store(), services.registry(), import('../posture/posture-service.js')]).then(
        ([s, registry, { PostureService }]) =>
          new PostureService({
            db: s.db,
            registry,
            clock,
            logger: services.logger(),
            onAlerts: (alerts) => services.logger().info({ created: alerts.length, alerts: alerts.map((a) => `${a.policyId}: ${a.subject.key}`) }, 'new posture alerts'),
          }),
      )),
    enricher: () =>
      (enricher ??= Promise.all([services.store(), import('../detection/enrichment/open-enricher.js')]).then(([s, { openEnricher }]) => openEnricher({ dataDir: s.dataDir }).enricher)),
    sync: () =>
      (sync ??= services.store().then(async (s) => {
        const [registry, { SyncService }, { ingestEnrichment }] = await Promise.all([
          services.registry(),
          import('../sync/sync-service.js'),
          import('../detection/enrichment/ingest-enrichment.js'),
        ]);
        const service = new SyncService({
          store: s,
          registry,
          logger: services.logger(),
          clock,
          backfillDays: services.config().backfillDays,
          onCommitted: async (instanceId, page) => {
            for (const hook of committedHooks) await hook(instanceId, page);
          },
          enrich: ingestEnrichment(await services.enricher(), services.logger()),
          ...(governorFor ? { governorFor } : {}),
          onSettingsSynced: async (instanceId) => {
            await (await services.posture()).evaluateInstance(instanceId);
          },
          onSettingsFailed: async (instanceId, failure) => {
            await (await services.posture()).recordSettingsFailure(instanceId, failure);
          },
        });
        for (const hook of syncOpenedHooks) await hook();
        return service;
      })),
    governance: () =>
      (governance ??= Promise.all([
        services.store(),
        services.registry(),
        import('../governance/governance-service.js'),
        import('../governance/notify/notifier.js'),
      ]).then(([s, registry, { GovernanceService }, { createNotifier }]) => {
        const config = services.config();
        const notifier = createNotifier({ smtpUrl: config.smtpUrl, outboxDir: config.mailOutbox ? mailOutboxDir(config) : undefined, from: config.smtpFrom, webhookUrl: config.webhookUrl, webhookSecret: config.webhookSecret, clock });
        return new GovernanceService({ store: s, registry, logger: services.logger().child({ component: 'governance' }), clock, notifier, overallPerHour: config.governanceMaxPerHour });
      })),
    close: async () => {
      for (const hook of closingHooks.splice(0)) {
        try {
          await hook();
        } catch (error) {
          services.logger().error({ err: errorMessage(error) }, 'a step before closing the store failed');
        }
      }
      if (store) await (await store).close();
    },
  };
  services.detect = wireDetection(services);
  return services;
}

/** Where governance e-mails go without a mail server when the outbox is on (the demo). */
export function mailOutboxDir(config: Pick<ParapetConfig, 'dataDir'>): string {
  return join(config.dataDir, 'outbox');
}
