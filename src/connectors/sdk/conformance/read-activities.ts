import pino from 'pino';
import { DAY, systemClock } from '../../../core/clock.js';
import type { AnyConnector, ConnectorRuntime, IncrementalStream, SnapshotStream } from '../define-connector.js';
import { normalizeRecord, offlineContext } from '../normalize-total.js';
import { createConnectorRuntime } from '../runtime.js';

/** A fixed "now" for the seeded tenant so every run of the suite sees exactly the same data. */
export const CONFORMANCE_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

const silent = pino({ level: 'silent' });

export function runtimeFor(connector: AnyConnector, config: unknown): ConnectorRuntime {
  // Retries are fast here: the simulator's faults are deterministic and tests never wait on wall-clock backoff.
  return createConnectorRuntime(connector, config, { logger: silent, clock: systemClock, timeoutMs: 10_000 });
}

export function incrementalStreams(connector: AnyConnector): [string, IncrementalStream<unknown>][] {
  return Object.entries(connector.streams).filter((e): e is [string, IncrementalStream<unknown>] => e[1].kind === 'incremental');
}

export function snapshotStream(connector: AnyConnector, entity: string): SnapshotStream<unknown> | undefined {
  return Object.values(connector.streams).find((s) => s.kind === 'snapshot' && s.entity === entity) as SnapshotStream<unknown> | undefined;
}

/**
 * Reads every incremental stream from scratch (or from `checkpoints`), stopping after `maxPages` if given.
 * `sourceIds` keeps every id as often as it was delivered: compare it as a list, duplicates are defects.
 */
export async function readActivities(
  connector: AnyConnector,
  config: unknown,
  options: { maxPages?: number; checkpoints?: Map<string, string | null>; now?: number } = {},
): Promise<{ sourceIds: string[]; pageSizes: number[]; checkpoints: Map<string, string | null>; done: boolean; runtime: ConnectorRuntime }> {
  const runtime = runtimeFor(connector, config);
  const session = connector.createSession(config, runtime);
  const checkpoints = new Map(options.checkpoints ?? []);
  const sourceIds: string[] = [];
  const pageSizes: number[] = [];
  for (const [name, stream] of incrementalStreams(connector)) {
    const backfillFrom = (options.now ?? CONFORMANCE_NOW) - 7 * DAY;
    for await (const page of stream.read(session, runtime, { checkpoint: checkpoints.get(name) ?? null, backfillFrom })) {
      for (const record of page.records) sourceIds.push(normalizeRecord(connector, record, offlineContext('conformance', 0)).sourceId);
      checkpoints.set(name, page.checkpoint);
      pageSizes.push(page.records.length);
      if (options.maxPages !== undefined && pageSizes.length >= options.maxPages) return { sourceIds, pageSizes, checkpoints, done: false, runtime };
    }
  }
  return { sourceIds, pageSizes, checkpoints, done: true, runtime };
}

