import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { dialectOf } from '../store/dialect.js';
import { readStateRows, stateWrites, writeStateRows, type StateRow, type StateWrite } from '../store/repos/detector-state.js';

/** The state reads and writes of one engine transaction, through the cache. */
export interface CachedStateTx {
  get(policyId: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  put(writes: readonly (StateWrite & { policyId: string })[], now: number): Promise<void>;
  /** Call once the transaction committed: its writes become the cached state. */
  committed(): void;
}

/**
 * Detection's policy state as last committed, kept serialised between pages so a page does not read back
 * from SQLite what the previous page just wrote (the same people's baselines, page after page). Entries are
 * the JSON text stored in the row, parsed afresh on every read: a policy can never see an object another
 * page changed in place, so the outcome is exactly the store's.
 *
 * It is only an accelerator, never the truth: a transaction that fails leaves it as it was (its writes are
 * applied only after the commit); it starts afresh when another connection committed to the database
 * (SQLite's `data_version`: another process) or when state was written outside detection in this process
 * (`stateWrites.generation`: an analyst's dismissal, a policy cleared, state pruned); and it holds at most
 * `maxBytes` of text, least recently used first out.
 */
export class StateCache {
  /** `policyId \0 key` -> the stored JSON, or null when the store has no such entry. */
  private readonly entries = new Map<string, string | null>();
  private bytes = 0;
  private generation = -1;
  private dataVersion = -1;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /**
   * Call first in each engine transaction. The read before `data_version` starts the transaction's
   * snapshot, so the version matches what the transaction sees.
   */
  async begin(trx: Db): Promise<CachedStateTx> {
    // PostgreSQL has no data_version: any of the pool's connections, or another worker, may have committed
    // state, so there the cache holds within one transaction only (a version that never matches).
    let version = Number.NaN;
    if (dialectOf(trx) === 'sqlite') {
      await sql`SELECT 1 FROM detector_state LIMIT 1`.execute(trx);
      const { rows } = await sql<{ data_version: number | bigint }>`PRAGMA data_version`.execute(trx);
      version = Number(rows[0]?.data_version ?? -1);
    }
    if (version !== this.dataVersion || stateWrites.generation !== this.generation) this.clear();
    this.dataVersion = version;
    this.generation = stateWrites.generation;
    const staged = new Map<string, string | null>();
    return {
      get: async (policyId, keys) => {
        const out = new Map<string, unknown>();
        const missing: string[] = [];
        for (const key of new Set(keys)) {
          const id = entryId(policyId, key);
          const json = staged.has(id) ? staged.get(id) : this.entries.get(id);
          if (json === undefined) missing.push(key);
          else if (json !== null) out.set(key, JSON.parse(json));
        }
        if (missing.length) {
          // Committed values (this transaction has not written these keys), so they may enter the cache now.
          const found = await readStateRows(trx, policyId, missing);
          for (const key of missing) {
            const json = found.get(key) ?? null;
            this.remember(entryId(policyId, key), json);
            if (json !== null) out.set(key, JSON.parse(json));
          }
        }
        return out;
      },
      put: async (writes, now) => {
        if (writes.length === 0) return;
        const rows: StateRow[] = writes.map((w) => ({ policyId: w.policyId, key: w.key, json: w.value === null ? null : JSON.stringify(w.value), expiresAt: w.expiresAt }));
        await writeStateRows(trx, rows, now);
        for (const r of rows) staged.set(entryId(r.policyId, r.key), r.json);
      },
      committed: () => {
        for (const [id, json] of staged) this.remember(id, json);
      },
    };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remember(id: string, json: string | null): void {
    const old = this.entries.get(id);
    if (old !== undefined) {
      this.entries.delete(id);
      this.bytes -= id.length + (old?.length ?? 0);
    }
    this.entries.set(id, json);
    this.bytes += id.length + (json?.length ?? 0);
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= oldest.length + (value?.length ?? 0);
    }
  }
}

const entryId = (policyId: string, key: string): string => `${policyId}\u0000${key}`;
