import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { AnyConnector, ConnectorRuntime } from './define-connector.js';
import { HttpClient, type PlannedCall } from './http-client.js';
import { RateLimitGovernor } from './rate-limit-governor.js';
import { redactDeep, Redactor } from './redactor.js';

export interface RuntimeOptions {
  logger: Logger;
  clock: Clock;
  /** Reuse across runs so one instance's budget is shared by every run. @default a new governor */
  governor?: RateLimitGovernor;
  signal?: AbortSignal;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** Record changes instead of sending them (see HttpClientOptions.dryRun). @default send */
  dryRun?: (call: PlannedCall) => void;
}

/** Every string value found under the connector's secret fields (the redactor must never let them out). */
export function secretValues(connector: AnyConnector, config: unknown): string[] {
  const values: string[] = [];
  const record = (config ?? {}) as Record<string, unknown>;
  for (const field of connector.secretFields) {
    const value = record[field];
    if (typeof value === 'string') {
      values.push(value);
      // PEM keys are also redacted line by line, in case a library echoes part of one.
      for (const line of value.split(/\r?\n/)) if (line.length >= 24 && !line.startsWith('-----')) values.push(line);
    }
  }
  return values;
}

/** Builds the per-instance runtime: HTTP client bound to the connector's hosts, limits and secrets. */
export function createConnectorRuntime(connector: AnyConnector, config: unknown, options: RuntimeOptions): ConnectorRuntime {
  const redactor = new Redactor(secretValues(connector, config));
  const logger = redactingLogger(options.logger, redactor);
  const governor = options.governor ?? new RateLimitGovernor(connector.rateLimit, options.clock);
  const http = new HttpClient({
    allowedHosts: connector.allowedHosts(config),
    governor,
    redactor,
    logger,
    clock: options.clock,
    userAgent: `parapet (${connector.id} connector)`,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.dryRun ? { dryRun: options.dryRun } : {}),
    ...connector.httpPolicy,
  });
  return { http, logger, clock: options.clock, signal: options.signal };
}

/**
 * A child logger that passes every logged object, at every depth, through the connection's redactor
 * (its own secret values as well as credential shapes), so no stream, check or action can log a secret.
 */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return logger.child({}, { formatters: { log: (object: object) => redactDeep(object, redactor) as object } });
}
