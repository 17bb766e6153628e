import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { AnyConnector, ConnectorRuntime } from './define-connector.js';
import { HttpClient } from './http-client.js';
import { RateLimitGovernor } from './rate-limit-governor.js';
import { Redactor } from './redactor.js';

export interface RuntimeOptions {
  logger: Logger;
  clock: Clock;
  /** Reuse across runs so one instance's budget is shared by every run. @default a new governor */
  governor?: RateLimitGovernor;
  signal?: AbortSignal;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
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
  const governor = options.governor ?? new RateLimitGovernor(connector.rateLimit, options.clock);
  const http = new HttpClient({
    allowedHosts: connector.allowedHosts(config),
    governor,
    redactor,
    logger: options.logger,
    clock: options.clock,
    userAgent: `parapet (${connector.id} connector)`,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...connector.httpPolicy,
  });
  return { http, logger: options.logger, clock: options.clock, signal: options.signal };
}
