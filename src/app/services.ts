import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { systemClock, type Clock } from '../core/clock.js';
import { loadConfig, type ParapetConfig } from '../config.js';
import { registry } from '../connectors/registry.js';
import { openStore, type Store } from '../store/db.js';
import { SyncService, type ConnectorRegistry } from '../sync/sync-service.js';
import type { CommittedHook } from '../sync/stream-runner.js';
import { wireDetection } from './wire-detection.js';

/**
 * The composition root: config -> logger -> store -> sync -> detection, opened lazily so `parapet --help`
 * touches nothing. The CLI commands and `parapet serve` (the HTTP API) use the same object, so a wiring
 * change (detection today, governance later) happens here once.
 */
export interface AppServices {
  config(): ParapetConfig;
  logger(): Logger;
  clock: Clock;
  registry: ConnectorRegistry;
  store(): Promise<Store>;
  sync(): Promise<SyncService>;
  /** Hooks run after each committed activity page (detection registers here). */
  committedHooks: CommittedHook[];
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
}

/** Secret-looking keys pino masks wherever they appear one level down in a log object. */
export const LOG_REDACT_PATHS = ['*.authorization', '*.privateKey', '*.clientSecret', '*.access_token', '*.password', '*.token', '*.cookie'];

export function createServices(options: CreateServicesOptions = {}): AppServices {
  let config: ParapetConfig | undefined;
  let logger: Logger | undefined = options.logger;
  let store: Promise<Store> | undefined;
  let sync: Promise<SyncService> | undefined;
  const committedHooks: CommittedHook[] = [];
  let overrides: Partial<ParapetConfig> = {};
  const clock = options.clock ?? systemClock;
  const services: AppServices = {
    clock,
    registry,
    committedHooks,
    config: () => (config ??= loadConfig(options.env ?? process.env, overrides)),
    overrideConfig: (o) => {
      if (config) throw new Error('overrideConfig after the config was read');
      overrides = { ...overrides, ...o };
    },
    logger: () =>
      (logger ??= pino(
        { level: options.logLevel ?? services.config().logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' } },
        // People at a terminal get readable lines; pipes and files get JSON for log shippers.
        process.stderr.isTTY ? pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }) : pino.destination(2),
      )),
    store: () => (store ??= openStore({ dataDir: services.config().dataDir, secretKey: services.config().secretKey })),
    sync: () =>
      (sync ??= services.store().then(
        (s) =>
          new SyncService({
            store: s,
            registry,
            logger: services.logger(),
            clock,
            backfillDays: services.config().backfillDays,
            onCommitted: async (instanceId, activities) => {
              for (const hook of committedHooks) await hook(instanceId, activities);
            },
          }),
      )),
    close: async () => {
      if (store) await (await store).close();
    },
  };
  wireDetection(services);
  return services;
}
