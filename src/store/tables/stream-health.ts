/**
 * Completeness counters per connector instance and stream (migration 0006-stream-health). Same conventions
 * as schema.ts: times in epoch milliseconds. Each counter is added to in the transaction that commits the
 * page it counts, so a crash never counts a page twice.
 */
export interface StreamHealthTable {
  connector_instance_id: string;
  stream: string;
  /** Records that arrived after the range they belong to had been read (found by a re-read). */
  late_arrivals: number;
  /** The longest such delay: ingest time minus event time. */
  worst_late_ms: number;
  last_late_at: number | null;
  /** Records the provider sent again that the store already held (absorbed by the unique key). */
  duplicates_absorbed: number;
  /** Requests the HTTP client sent again (throttling, 5xx, network errors, malformed bodies). */
  requests_retried: number;
  updated_at: number;
}

export interface StreamHealthTables {
  stream_health: StreamHealthTable;
}
