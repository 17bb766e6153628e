import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a PostgreSQL transaction locks. Parapet's code was written for SQLite, where transactions run one at a
 * time, so by default a PostgreSQL transaction still takes one database-wide advisory lock (exclusively): it
 * commits alone, as on SQLite. The hot paths that many workers run side by side — a sync's page commits and
 * detection's batches — say instead which resources they touch (`withLockScope`): they take the database-wide
 * lock shared (so they still never overlap a default transaction) plus one exclusive advisory lock per
 * resource. Two connections' page commits then run concurrently; two commits of one connection, two
 * transactions linking identities, or two detection batches still take turns. On SQLite the scope is ignored.
 */
export interface LockScope {
  /** The resources, as advisory lock keys (namespace, key); taken in sorted order so two scopes never deadlock. */
  readonly keys: readonly (readonly [number, number])[];
}

const storage = new AsyncLocalStorage<LockScope>();

/** Namespaces of the two-int advisory locks (the first int). Any constants distinct from the single-int locks. */
const NAMESPACE = {
  connection: 0x7063, // 'pc'
  resource: 0x7072, // 'pr'
} as const;

/** Resources shared by every connection (the second int in the resource namespace). */
const RESOURCE = { identities: 1, detection: 2 } as const;

/** A connection's own rows: its pages, checkpoints, stream counters and inventory. */
export function connectionLock(instanceId: string): readonly [number, number] {
  return [NAMESPACE.connection, hash32(instanceId)];
}

/** People linked into identities across connections (account snapshots). */
export const IDENTITY_LOCK: readonly [number, number] = [NAMESPACE.resource, RESOURCE.identities];

/** Detection's cursor, state and alerts (one batch at a time, whichever process runs it). */
export const DETECTION_LOCK: readonly [number, number] = [NAMESPACE.resource, RESOURCE.detection];

/** Runs `fn` so that the PostgreSQL transactions it starts lock only `keys` (see LockScope). */
export function withLockScope<T>(keys: readonly (readonly [number, number])[], fn: () => Promise<T>): Promise<T> {
  const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return storage.run({ keys: sorted }, fn);
}

/** The scope of the transaction being started now, if the caller narrowed it. */
export function currentLockScope(): LockScope | undefined {
  return storage.getStore();
}

/** A stable signed 32-bit hash (FNV-1a) of a string: the advisory lock key of an id. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
