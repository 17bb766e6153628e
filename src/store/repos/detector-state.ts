import { BENIGN_RESOLUTIONS, benignKey, benignSubjects, withBenignWindow, withoutBenignWindow, type BenignWindows } from '../../core/benign-windows.js';
import type { Alert } from '../../core/alert.js';
import { DAY } from '../../core/clock.js';
import { CompiledQuery } from 'kysely';
import type { Db } from '../db.js';
import { dialectOf } from '../dialect.js';

/** A policy's state entry as the engine writes it. `value: null` deletes the entry. */
export interface StateWrite {
  key: string;
  value: unknown;
  expiresAt: number;
}

const CHUNK = 400;

/** The stored state's version (migration 0012): every transaction that writes `detector_state` moves it up by one. */
export async function readStateVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('detector_state_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Moves the stored state's version up by one and returns it. Call last in the transaction that wrote state:
 * the row stays locked until the commit, so writers take it in one order (state rows, then this).
 */
export async function bumpStateVersion(db: Db): Promise<number> {
  const row = await db
    .updateTable('detector_state_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Runs `write` and then the version bump in one transaction (the caller's, when it is in one). */
async function writeAndBump<T>(db: Db, write: (trx: Db) => Promise<T>): Promise<T> {
  const run = async (trx: Db) => {
    const result = await write(trx);
    await bumpStateVersion(trx);
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Loads a policy's state entries by key (missing keys are absent from the map). */
export async function getStates(db: Db, policyId: string, keys: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('detector_state')
      .select(['key', 'value'])
      .where('policy_id', '=', policyId)
      .where('key', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.key, JSON.parse(r.value));
  }
  return out;
}

/** Writes (upserts) and deletes state entries. Call inside the engine's transaction. */
export async function putStates(db: Db, policyId: string, writes: readonly StateWrite[], now: number): Promise<void> {
  await writeAndBump(db, (trx) => writeStates(trx, policyId, writes, now));
}

async function writeStates(db: Db, policyId: string, writes: readonly StateWrite[], now: number): Promise<void> {
  const deletes = writes.filter((w) => w.value === null).map((w) => w.key);
  const upserts = writes.filter((w) => w.value !== null);
  for (let i = 0; i < deletes.length; i += CHUNK) {
    await db.deleteFrom('detector_state').where('policy_id', '=', policyId).where('key', 'in', deletes.slice(i, i + CHUNK)).execute();
  }
  for (let i = 0; i < upserts.length; i += CHUNK) {
    const rows = upserts.slice(i, i + CHUNK).map((w) => ({ policy_id: policyId, key: w.key, value: JSON.stringify(w.value), updated_at: now, expires_at: w.expiresAt }));
    await db
      .insertInto('detector_state')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['policy_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at'), expires_at: eb.ref('excluded.expires_at') })),
      )
      .execute();
  }
}

/** Forgets state entries past their expiry. Returns how many were removed. */
export async function pruneStates(db: Db, now: number): Promise<number> {
  const result = await writeAndBump(db, (trx) => trx.deleteFrom('detector_state').where('expires_at', '<', now).executeTakeFirst());
  return Number(result.numDeletedRows);
}

/** Removes one policy's state (after its definition changed, or to re-learn). */
export async function clearPolicyState(db: Db, policyId: string): Promise<number> {
  const result = await writeAndBump(db, (trx) => trx.deleteFrom('detector_state').where('policy_id', '=', policyId).executeTakeFirst());
  return Number(result.numDeletedRows);
}

/** Which of these provider event ids detection has not processed yet for the instance. */
export async function unseenSourceIds(db: Db, instanceId: string, sourceIds: readonly string[]): Promise<Set<string>> {
  const unseen = new Set(sourceIds);
  const unique = [...unseen];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('detection_seen')
      .select('source_id')
      .where('connector_instance_id', '=', instanceId)
      .where('source_id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) unseen.delete(r.source_id);
  }
  return unseen;
}

export async function markSeen(db: Db, instanceId: string, refs: readonly { sourceId: string; time: number }[]): Promise<void> {
  for (let i = 0; i < refs.length; i += CHUNK) {
    const rows = refs.slice(i, i + CHUNK).map((r) => ({ connector_instance_id: instanceId, source_id: r.sourceId, time: r.time }));
    await db
      .insertInto('detection_seen')
      .values(rows)
      .onConflict((oc) => oc.columns(['connector_instance_id', 'source_id']).doNothing())
      .execute();
  }
}

/**
 * Forgets seen markers for activities older than `before` (event time). Anything that old is outside the
 * engine's lateness bound and would be skipped as late anyway, so forgetting it cannot re-alert.
 */
export async function pruneSeen(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('detection_seen').where('time', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Loads the state several policies need in a few queries (one per chunk of keys, across all policies)
 * instead of one per policy: a page touches the same users in most policies.
 */
export async function getStatesMany(db: Db, requests: readonly { policyId: string; keys: readonly string[] }[]): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>();
  const wanted = new Map<string, Set<string>>();
  for (const r of requests) {
    if (r.keys.length === 0) continue;
    const set = wanted.get(r.policyId) ?? new Set<string>();
    for (const k of r.keys) set.add(k);
    wanted.set(r.policyId, set);
    out.set(r.policyId, new Map());
  }
  // Exactly the (policy, key) pairs asked for: a cross product of all policies and all keys would read (and
  // parse) every policy's state of every person on the page.
  for (const [policyId, set] of wanted) {
    const keys = [...set];
    const into = out.get(policyId) as Map<string, unknown>;
    for (let i = 0; i < keys.length; i += CHUNK * 2) {
      const rows = await db
        .selectFrom('detector_state')
        .select(['key', 'value'])
        .where('policy_id', '=', policyId)
        .where('key', 'in', keys.slice(i, i + CHUNK * 2))
        .execute();
      for (const r of rows) into.set(r.key, JSON.parse(r.value));
    }
  }
  return out;
}

/** Writes (upserts) and deletes state entries of several policies in a few statements. */
export async function putStatesMany(db: Db, writes: readonly (StateWrite & { policyId: string })[], now: number): Promise<void> {
  await writeAndBump(db, (trx) => writeStateRows(trx, writes.map((w) => ({ policyId: w.policyId, key: w.key, json: w.value === null ? null : JSON.stringify(w.value), expiresAt: w.expiresAt })), now));
}

/** A state entry already serialised (`json: null` deletes it). */
export interface StateRow {
  policyId: string;
  key: string;
  json: string | null;
  expiresAt: number;
}

/** Writes serialised state entries without moving the version: detection's state cache writes through this and moves it once per transaction. */
export async function writeStateRows(db: Db, writes: readonly StateRow[], now: number): Promise<void> {
  const deletes = new Map<string, string[]>();
  for (const w of writes) if (w.json === null) deletes.set(w.policyId, [...(deletes.get(w.policyId) ?? []), w.key]);
  for (const [policyId, keys] of deletes) {
    for (let i = 0; i < keys.length; i += CHUNK) await db.deleteFrom('detector_state').where('policy_id', '=', policyId).where('key', 'in', keys.slice(i, i + CHUNK)).execute();
  }
  const upserts = writes.filter((w): w is StateRow & { json: string } => w.json !== null);
  if (upserts.length === 0) return;
  // By key, then policy: a new person's entries of every policy (`u:<person>`) get neighbouring rowids and so
  // share table pages, and each later page that updates them rewrites one or two pages instead of one per
  // policy (detection's commit writes every page it dirtied).
  upserts.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.policyId < y.policyId ? -1 : x.policyId > y.policyId ? 1 : 0));
  // Written as precompiled SQL: Kysely's builder spends longer turning hundreds of rows into SQL than the
  // database spends writing them (detection writes a state entry per activity or so).
  const postgres = dialectOf(db) === 'postgres';
  for (let i = 0; i < upserts.length; i += CHUNK) {
    const chunk = upserts.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const w of chunk) {
      const n = params.push(w.policyId, w.key, w.json, now, w.expiresAt);
      tuples.push(postgres ? `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})` : '(?, ?, ?, ?, ?)');
    }
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into "detector_state" ("policy_id", "key", "value", "updated_at", "expires_at") values ${tuples.join(', ')} ` +
          'on conflict ("policy_id", "key") do update set "value" = excluded."value", "updated_at" = excluded."updated_at", "expires_at" = excluded."expires_at"',
        params,
      ),
    );
  }
}

/** Serialised state entries by policy and key (missing ones are absent). */
export async function readStateRows(db: Db, policyId: string, keys: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += CHUNK * 2) {
    const rows = await db.selectFrom('detector_state').select(['key', 'value']).where('policy_id', '=', policyId).where('key', 'in', keys.slice(i, i + CHUNK * 2)).execute();
    for (const r of rows) out.set(r.key, r.value);
  }
  return out;
}

/**
 * Stored JSON of several policies' entries in one query per chunk of (policy, key) pairs, for the state
 * cache: a page's policies each want a few keys, and on PostgreSQL a query per policy is a round trip each.
 * The result is keyed `policyId \0 key`.
 */
export async function readStateRowsMany(db: Db, pairs: readonly (readonly [policyId: string, key: string])[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('detector_state')
      .select(['policy_id', 'key', 'value'])
      .where(({ eb, refTuple, tuple }) => eb(refTuple('policy_id', 'key'), 'in', chunk.map(([policyId, key]) => tuple(policyId, key))))
      .execute();
    for (const r of rows) out.set(`${r.policy_id}\u0000${r.key}`, r.value);
  }
  return out;
}

const BENIGN_TTL_MS = 400 * DAY;

/**
 * Keeps the policy's record of what an analyst dismissed as benign in step with an alert's status: closed as
 * `benign_true_positive` or `false_positive`, its activity window is added (the policy's baselines may learn
 * it); reopened or closed as a true positive, it is removed.
 */
export async function syncBenignWindow(db: Db, alert: Pick<Alert, 'id' | 'policyId' | 'subject' | 'details' | 'status' | 'resolution' | 'firstActivityAt' | 'lastActivityAt'>, now: number): Promise<void> {
  const keys = benignSubjects(alert).map((s) => benignKey(s.key, s.type));
  const stored = await getStates(db, alert.policyId, keys);
  const benign = (alert.status === 'dismissed' || alert.status === 'resolved') && alert.resolution !== null && BENIGN_RESOLUTIONS.includes(alert.resolution);
  const writes = [];
  for (const key of keys) {
    const current = stored.get(key) as BenignWindows | undefined;
    if (!benign && !current?.w.some((w) => w[2] === alert.id)) continue;
    const next = benign ? withBenignWindow(current, [alert.firstActivityAt, alert.lastActivityAt, alert.id]) : withoutBenignWindow(current, alert.id);
    writes.push({ key, value: next.w.length ? next : null, expiresAt: now + BENIGN_TTL_MS });
  }
  if (writes.length) await putStates(db, alert.policyId, writes, now);
}
