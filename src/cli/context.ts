import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { systemClock, type Clock } from '../core/clock.js';
import { loadConfig, type ParapetConfig } from '../config.js';
import { registry } from '../connectors/registry.js';
import type { Enricher } from '../detection/enrichment/enricher.js';
import { ingestEnrichment } from '../detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../detection/enrichment/open-enricher.js';
import { openStore, type Store } from '../store/db.js';
import { SyncService, type ConnectorRegistry } from '../sync/sync-service.js';
import { colorEnabled } from './output.js';
import type { CommittedHook } from '../sync/stream-runner.js';

/** What every command may need, opened lazily so `parapet --help` touches nothing. */
export interface CliContext {
  config(): ParapetConfig;
  logger(): Logger;
  clock: Clock;
  registry: ConnectorRegistry;
  store(): Promise<Store>;
  sync(): Promise<SyncService>;
  /** One IP enricher for the process: ingest writes its lookups on each activity, detection reads intel through it. */
  enricher(): Promise<Enricher>;
  /** Hooks run after each committed activity page (detection registers here). */
  committedHooks: CommittedHook[];
  /** Hooks run once when the sync service opens (detection catches up on what a crashed run left). */
  syncOpenedHooks: (() => Promise<void>)[];
  /** Changes config defaults for this command; only before anything was opened. */
  overrideConfig(overrides: Partial<ParapetConfig>): void;
  close(): Promise<void>;
}

export function createCliContext(options: { logLevel?: string } = {}): CliContext {
  let config: ParapetConfig | undefined;
  let logger: Logger | undefined;
  let store: Promise<Store> | undefined;
  let sync: Promise<SyncService> | undefined;
  let enricher: Promise<Enricher> | undefined;
  const committedHooks: CommittedHook[] = [];
  const syncOpenedHooks: (() => Promise<void>)[] = [];
  let overrides: Partial<ParapetConfig> = {};
  const ctx: CliContext = {
    clock: systemClock,
    registry,
    committedHooks,
    syncOpenedHooks,
    config: () => (config ??= loadConfig(process.env, overrides)),
    overrideConfig: (o) => {
      if (config) throw new Error('overrideConfig after the config was read');
      overrides = { ...overrides, ...o };
    },
    logger: () =>
      (logger ??= pino(
        {
          level: options.logLevel ?? ctx.config().logLevel,
          redact: { paths: ['*.authorization', '*.privateKey', '*.clientSecret', '*.access_token'], censor: '[REDACTED]' },
        },
        // People at a terminal get readable lines; pipes and files get JSON for log shippers.
        process.stderr.isTTY ? pretty({ destination: 2, sync: true, colorize: colorEnabled(process.stderr), ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }) : pino.destination(2),
      )),
    store: () => (store ??= openStore({ dataDir: ctx.config().dataDir, secretKey: ctx.config().secretKey })),
    enricher: () => (enricher ??= ctx.store().then((s) => openEnricher({ dataDir: s.dataDir }).enricher)),
    sync: () =>
      (sync ??= ctx.store().then(async (s) => {
        const service = new SyncService({
          store: s,
          registry,
          logger: ctx.logger(),
          clock: systemClock,
          backfillDays: ctx.config().backfillDays,
          onCommitted: async (instanceId, activities) => {
            for (const hook of committedHooks) await hook(instanceId, activities);
          },
          enrich: ingestEnrichment(await ctx.enricher(), ctx.logger()),
        });
        for (const hook of syncOpenedHooks) await hook();
        return service;
      })),
    close: async () => {
      if (store) await (await store).close();
    },
  };
  return ctx;
}
