import type { Db } from '../store/db.js';
import { bumpStateVersion, readStateRows, readStateRowsMany, readStateVersion, writeStateRows, type StateRow, type StateWrite } from '../store/repos/detector-state.js';

/** The state reads and writes of one engine transaction, through the cache. */
export interface CachedStateTx {
  get(policyId: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  /** Several policies' entries at once: what is not cached is read in one query (per chunk), not one per policy. */
  getMany(requests: readonly { policyId: string; keys: readonly string[] }[]): Promise<Map<string, Map<string, unknown>>>;
  /**
   * Writes entries. In a write-behind transaction (`begin(trx, { writeBehind: true })`) they are kept in
   * memory until a flush, unless `durable` (written now: state that must commit with the alerts beside it).
   */
  put(writes: readonly (StateWrite & { policyId: string })[], now: number, durable?: boolean): Promise<void>;
  /** Writes every entry held only in memory (earlier transactions' and this one's) in this transaction. */
  flush(now: number): Promise<void>;
  /** Call last inside the transaction: moves the stored state's version up when it wrote (migration 0012). */
  finish(): Promise<void>;
  /**
   * Call once the transaction committed: its writes become the cached state, and the cache's state is the
   * evaluation up to `position` (a consumer's cursor; none: not known).
   */
  committed(position?: number): void;
}

/**
 * Detection's policy state as last committed, kept parsed between pages so a page neither reads back from
 * SQLite nor parses again what the previous page just wrote (the same people's baselines, page after page).
 * Cached values are deeply frozen and shared copy-on-write: policies build new objects for what they change
 * (reusing the unchanged parts), and one that mutates a value in place fails loudly (the engine counts a
 * rule error) instead of changing what another page sees. A value enters the cache only if it is exactly
 * what parsing its stored JSON would give (plain objects, arrays, strings, finite numbers, booleans, null;
 * anything else is cached as the parse of its JSON), so the outcome is exactly the store's.
 *
 * It is only an accelerator, never the truth: a transaction that fails leaves it as it was (its writes are
 * applied only after the commit); it starts afresh when anything else may have written state, in this
 * process or another (an analyst's dismissal, a policy cleared, state pruned, another worker's detection):
 * the stored state's version, which every transaction that writes state moves up by one, is then not where
 * this cache's last transaction left it (migration 0012); and it holds at most
 * `maxBytes` (counted as the stored JSON's length), least recently used first out (in turn from each policy's entries).
 *
 * Write-behind (the durable consumer, consumer.ts): a transaction begun with `writeBehind` keeps its state
 * writes in memory (never evicted) and a later transaction flushes them all at once, with the state's own
 * cursor. They are serialised only then, once per entry however many pages rewrote it (until then an entry
 * counts as long as its last serialised value; the flush counts it exactly again). Between two flushes the stored rows are the state at that cursor; a process that dies (or a cache
 * that starts afresh) rebuilds the rest by evaluating the activities since it again, raising nothing (the
 * alerts committed with each batch). `position` says up to which activity this cache's state is the
 * evaluation's, so a consumer can tell whether it may go on from its cursor.
 */
export class StateCache {
  /**
   * policyId -> key -> the stored value (frozen) and its JSON's length; value null when the store has no such
   * entry. One map per policy: a lookup hashes the key string the engine already built, not a joined id.
   */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private bytes = 0;
  /** The stored state's version as this cache's last transaction left it (NaN: unknown, start afresh). */
  private version = Number.NaN;
  /** Entries written by committed write-behind transactions and not stored yet, by policy and key. */
  private readonly unstored = new Map<string, Map<string, StagedWrite>>();
  private unstoredBytes = 0;
  /** Up to which activity (a consumer's cursor) this cache's state is the evaluation's; NaN: not known. */
  position = Number.NaN;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** How much state the cache holds, counted as its keys' and JSON's length (what `maxBytes` bounds). */
  get size(): number {
    return this.bytes;
  }

  /** How much state is held only in memory (its JSON's length): a consumer flushes before it grows large. */
  get unstoredSize(): number {
    return this.unstoredBytes;
  }

  /**
   * Call first in each engine transaction: reading the stored state's version also starts SQLite's snapshot,
   * so the version matches what the transaction sees there. On PostgreSQL each statement sees the latest
   * commit, so another writer could come in during the transaction: finish() tells whether one did.
   */
  async begin(trx: Db, options: { writeBehind?: boolean } = {}): Promise<CachedStateTx> {
    const version = await readStateVersion(trx);
    if (version !== this.version) this.clear();
    // The version this transaction leaves when no other writer came between (NaN: one did, or not known yet).
    let leaves = Number.NaN;
    // This transaction's writes, by policy and key: they enter the cache only once it committed.
    const staged = new Map<string, Map<string, StagedWrite>>();
    let wroteRows = false;
    let flushed = false;
    const serialised: { policyId: string; key: string; value: unknown; size: number }[] = [];
    const lookup = (policyId: string): ((key: string) => Entry | undefined) => {
      const mine = staged.get(policyId);
      const cached = this.entries.get(policyId);
      if (mine) return (key) => mine.get(key)?.entry ?? cached?.get(key);
      return cached ? (key) => cached.get(key) : () => undefined;
    };
    return {
      get: async (policyId, keys) => {
        const out = new Map<string, unknown>();
        const missing: string[] = [];
        const find = lookup(policyId);
        for (const key of new Set(keys)) {
          const entry = find(key);
          if (entry === undefined) missing.push(key);
          else if (entry.value !== null) out.set(key, entry.value);
        }
        if (missing.length) {
          // Committed values (this transaction has not written these keys), so they may enter the cache now.
          const found = await readStateRows(trx, policyId, missing);
          for (const key of missing) {
            const json = found.get(key) ?? null;
            const entry: Entry = json === null ? ABSENT : { value: deepFreeze(JSON.parse(json)), size: json.length };
            this.remember(policyId, key, entry);
            if (entry.value !== null) out.set(key, entry.value);
          }
        }
        return out;
      },
      getMany: async (requests) => {
        const out = new Map<string, Map<string, unknown>>();
        const missing: [string, string][] = [];
        for (const { policyId, keys } of requests) {
          if (keys.length === 0) continue;
          let into = out.get(policyId);
          if (!into) out.set(policyId, (into = new Map<string, unknown>()));
          const find = lookup(policyId);
          for (const key of keys) {
            // A key asked for twice is harmless: the same entry is read (or remembered) twice.
            const entry = find(key);
            if (entry === undefined) missing.push([policyId, key]);
            else if (entry.value !== null) into.set(key, entry.value);
          }
        }
        if (missing.length) {
          // Committed values (this transaction has not written these keys), so they may enter the cache now.
          const found = await readStateRowsMany(trx, missing);
          for (const [policyId, key] of missing) {
            const json = found.get(entryId(policyId, key)) ?? null;
            const entry: Entry = json === null ? ABSENT : { value: deepFreeze(JSON.parse(json)), size: json.length };
            this.remember(policyId, key, entry);
            if (entry.value !== null) (out.get(policyId) as Map<string, unknown>).set(key, entry.value);
          }
        }
        return out;
      },
      put: async (writes, now, durable = false) => {
        if (writes.length === 0) return;
        const stage = (policyId: string, key: string, write: StagedWrite) => {
          let mine = staged.get(policyId);
          if (!mine) staged.set(policyId, (mine = new Map()));
          mine.set(key, write);
        };
        if (options.writeBehind && !durable) {
          // Held in memory until a flush: serialised then, once, however many pages rewrote the entry.
          for (const w of writes) {
            const value = w.value ?? null;
            let entry: Entry;
            if (value === null) entry = ABSENT;
            else if (freezeIfJsonExact(value)) entry = { value, size: this.sizeOf(w.policyId, w.key, staged.get(w.policyId)?.get(w.key)?.entry) ?? JSON.stringify(value).length };
            else {
              const json = JSON.stringify(value);
              entry = { value: deepFreeze(JSON.parse(json)), size: json.length };
            }
            stage(w.policyId, w.key, { entry, heldExpiry: w.expiresAt });
          }
          return;
        }
        const rows: StateRow[] = [];
        for (const w of writes) {
          const json = w.value === null || w.value === undefined ? null : JSON.stringify(w.value);
          rows.push({ policyId: w.policyId, key: w.key, json, expiresAt: w.expiresAt });
          stage(w.policyId, w.key, { entry: json === null ? ABSENT : { value: frozenAsStored(w.value, json), size: json.length }, heldExpiry: null });
        }
        await writeStateRows(trx, rows, now);
        wroteRows = true;
      },
      flush: async (now) => {
        const rows: StateRow[] = [];
        // What earlier transactions held, unless this one wrote the entry since; serialised now, their sizes are
        // counted exactly once this transaction commits.
        for (const [policyId, mine] of this.unstored) {
          const ours = staged.get(policyId);
          for (const [key, held] of mine) {
            if (ours?.has(key)) continue;
            const row = storedRow(policyId, key, held);
            rows.push(row);
            serialised.push({ policyId, key, value: held.entry.value, size: row.json?.length ?? 0 });
          }
        }
        for (const [policyId, mine] of staged) {
          for (const [key, write] of mine) {
            if (write.heldExpiry === null) continue;
            const row = storedRow(policyId, key, write);
            rows.push(row);
            if (row.json !== null) write.entry = { value: write.entry.value, size: row.json.length };
            write.heldExpiry = null;
          }
        }
        flushed = true;
        if (rows.length === 0) return;
        await writeStateRows(trx, rows, now);
        wroteRows = true;
      },
      finish: async () => {
        // Ours is the only bump between begin and here exactly when no other transaction wrote state meanwhile;
        // else what this transaction read may predate that write, and the next one starts afresh.
        const now = wroteRows ? await bumpStateVersion(trx) : await readStateVersion(trx);
        leaves = now === version + (wroteRows ? 1 : 0) ? now : Number.NaN;
      },
      committed: (position) => {
        if (flushed) {
          this.unstored.clear();
          this.unstoredBytes = 0;
          for (const { policyId, key, value, size } of serialised) {
            const entry = this.entries.get(policyId)?.get(key);
            if (entry === undefined || entry === ABSENT || entry.value !== value) continue;
            this.bytes += size - entry.size;
            entry.size = size;
          }
          if (this.bytes > this.maxBytes) this.evict();
        }
        for (const [policyId, mine] of staged) {
          for (const [key, write] of mine) {
            if (write.heldExpiry !== null) this.holdUnstored(policyId, key, write);
            else this.dropUnstored(policyId, key);
            this.remember(policyId, key, write.entry);
          }
        }
        this.version = leaves;
        // Writes outside a consumer's batch (no position) leave the cache's state at no known cursor.
        if (position !== undefined) this.position = position;
        else if (staged.size > 0) this.position = Number.NaN;
        if (Number.isNaN(this.version)) this.clear();
      },
    };
  }

  /** Forgets everything, including state held only in memory (a consumer then rebuilds it from its state cursor). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.unstored.clear();
    this.unstoredBytes = 0;
    this.position = Number.NaN;
  }

  private holdUnstored(policyId: string, key: string, write: StagedWrite): void {
    let mine = this.unstored.get(policyId);
    if (!mine) this.unstored.set(policyId, (mine = new Map()));
    const old = mine.get(key);
    if (old) this.unstoredBytes -= old.entry.size;
    mine.set(key, write);
    this.unstoredBytes += write.entry.size;
  }

  private dropUnstored(policyId: string, key: string): void {
    const mine = this.unstored.get(policyId);
    const old = mine?.get(key);
    if (!old) return;
    mine?.delete(key);
    this.unstoredBytes -= old.entry.size;
  }

  /**
   * The size to count for a new value of an entry not serialised yet: the JSON length of its latest value
   * that has one (this transaction's, else the cache's), counted again exactly when the entry is next
   * serialised. Undefined: no earlier value.
   */
  private sizeOf(policyId: string, key: string, staged: Entry | undefined): number | undefined {
    const earlier = staged ?? this.entries.get(policyId)?.get(key);
    return earlier && earlier.value !== null ? earlier.size : undefined;
  }

  private remember(policyId: string, key: string, entry: Entry): void {
    let mine = this.entries.get(policyId);
    if (!mine) this.entries.set(policyId, (mine = new Map()));
    const old = mine.get(key);
    if (old !== undefined) {
      mine.delete(key);
      this.bytes -= policyId.length + key.length + old.size;
    }
    mine.set(key, entry);
    this.bytes += policyId.length + key.length + entry.size;
    if (this.bytes > this.maxBytes) this.evict();
  }

  /**
   * Least recently used first out, taken in turn from each policy's entries until the cache fits again.
   * Entries held only in memory stay (they are the only copy until the next flush).
   */
  private evict(): void {
    while (this.bytes > this.maxBytes) {
      let removed = false;
      for (const [policyId, mine] of this.entries) {
        const unstored = this.unstored.get(policyId);
        for (const [key, value] of mine) {
          if (unstored?.has(key)) continue;
          mine.delete(key);
          this.bytes -= policyId.length + key.length + value.size;
          removed = true;
          break;
        }
        if (this.bytes <= this.maxBytes) return;
      }
      if (!removed) return;
    }
  }
}

/** A cached state entry: the value as stored (deeply frozen; null: no such entry) and its JSON's length. */
interface Entry {
  value: unknown;
  size: number;
}

/**
 * A transaction's write of an entry. Written behind, it is held in memory only, its value (frozen, JSON-exact;
 * null deletes) serialised at a flush, and `heldExpiry` is the expiry its row will be stored with; until then
 * the entry's size is its JSON's length or an earlier value's (an estimate). `heldExpiry` null: stored.
 */
interface StagedWrite {
  entry: Entry;
  heldExpiry: number | null;
}

const storedRow = (policyId: string, key: string, write: StagedWrite): StateRow => ({
  policyId,
  key,
  json: write.entry.value === null ? null : JSON.stringify(write.entry.value),
  expiresAt: write.heldExpiry as number,
});

const ABSENT: Entry = Object.freeze({ value: null, size: 0 });

const entryId = (policyId: string, key: string): string => `${policyId}\u0000${key}`;

/**
 * The value a policy wrote, frozen, when it is exactly what `JSON.parse(json)` would return; else that
 * parse, frozen. Parts already frozen were checked when they entered the cache (structural sharing: only
 * what the policy built anew is walked).
 */
export function frozenAsStored(value: unknown, json: string): unknown {
  return freezeIfJsonExact(value) ? value : deepFreeze(JSON.parse(json));
}

/** Freezes every plain object and array reachable from `value`; returns the value. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * True (and the value frozen) when it round-trips through JSON unchanged: plain objects and arrays of
 * strings, finite numbers, booleans and null, no undefined properties, no holes. False leaves parts frozen
 * that are JSON-exact themselves (harmless: a policy never mutates what it wrote).
 */
function freezeIfJsonExact(value: unknown): boolean {
  return typeof value === 'object' && value !== null ? freezeObjectIfJsonExact(value) : primitiveIsJsonExact(value);
}

/** Null, a string, a boolean or a finite number other than -0 (what JSON gives back as it was). */
function primitiveIsJsonExact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'object':
      return value === null;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return false;
  }
}

function freezeObjectIfJsonExact(value: object): boolean {
  // Stored state is mostly shared: an object already frozen was checked when it entered the cache, so it is
  // passed over without a walk. Elements and properties are checked here, the nested objects by a call.
  if (Object.isFrozen(value)) return true;
  if (Array.isArray(value)) {
    // A hole reads as undefined, which JSON would turn into null.
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (typeof element === 'object' && element !== null ? !freezeObjectIfJsonExact(element) : !primitiveIsJsonExact(element)) return false;
    }
    if (Object.keys(value).length !== value.length) return false;
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    if (Object.getOwnPropertySymbols(value).length) return false;
    for (const key in value) {
      const property: unknown = (value as Record<string, unknown>)[key];
      if (typeof property === 'object' && property !== null ? !freezeObjectIfJsonExact(property) : !primitiveIsJsonExact(property)) return false;
    }
  }
  Object.freeze(value);
  return true;
}
