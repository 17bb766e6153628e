import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { openStore, type Store } from '../store/db.js';
import { advanceCursor } from '../store/repos/detection-cursor.js';
import { clearPolicyState, putStates, readStateRows, readStateVersion } from '../store/repos/detector-state.js';
import { sqlDetectionStore } from './detection-store.js';
import { StateCache } from './state-cache.js';

const NOW = Date.UTC(2026, 2, 2);
const write = (key: string, value: unknown) => ({ policyId: 'p', key, value, expiresAt: NOW + 1000 });

describeDialects('detection state cache', (dialect) => {
  const temp = useTempStore(dialect);

  it('serves parsed values frozen and shared; a write rolled back with its transaction never reaches the cache', async () => {
    const cache = new StateCache();
    const store = sqlDetectionStore(temp.store.db, cache);
    await store.transaction(async (tx) => tx.putStatesMany([write('u:kim', { v: { peak: 3, buckets: [[1, 2]] }, s: [5] })], NOW));

    const first = await store.transaction(async (tx) => (await tx.getStates('p', ['u:kim'])).get('u:kim') as { v: { peak: number; buckets: number[][] }; s: number[] });
    expect(first).toEqual({ v: { peak: 3, buckets: [[1, 2]] }, s: [5] });
    expect(Object.isFrozen(first) && Object.isFrozen(first.v) && Object.isFrozen(first.v.buckets[0]) && Object.isFrozen(first.s)).toBe(true);
    expect(() => first.s.push(6)).toThrow(TypeError);

    // A copy-on-write update shares the unchanged part; the transaction then fails after writing it.
    await expect(
      store.transaction(async (tx) => {
        await tx.putStatesMany([write('u:kim', { ...first, s: [...first.s, 6] })], NOW);
        expect((await tx.getStates('p', ['u:kim'])).get('u:kim')).toEqual({ v: { peak: 3, buckets: [[1, 2]] }, s: [5, 6] });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const after = await store.transaction(async (tx) => (await tx.getStates('p', ['u:kim'])).get('u:kim'));
    // Kept across transactions on both dialects: the same object, not a fresh parse.
    expect(after).toBe(first);
    expect(after).toEqual({ v: { peak: 3, buckets: [[1, 2]] }, s: [5] });
    expect([...(await readStateRows(temp.store.db, 'p', ['u:kim'])).values()]).toEqual([JSON.stringify({ v: { peak: 3, buckets: [[1, 2]] }, s: [5] })]);
  });

  it('a written value that JSON would change is cached as the store holds it (undefined properties dropped, -0 and NaN as stored)', async () => {
    const cache = new StateCache();
    const store = sqlDetectionStore(temp.store.db, cache);
    await store.transaction(async (tx) => tx.putStatesMany([write('a', { x: undefined, y: 1 }), write('b', [-0, Number.NaN]), write('c', { when: new Date(NOW) })], NOW));
    const cached = await store.transaction(async (tx) => tx.getStates('p', ['a', 'b', 'c']));
    expect(Object.fromEntries(cached)).toStrictEqual({ a: { y: 1 }, b: [0, null], c: { when: new Date(NOW).toISOString() } });
    const uncached = await sqlDetectionStore(temp.store.db, null).transaction(async (tx) => tx.getStates('p', ['a', 'b', 'c']));
    expect(Object.fromEntries(cached)).toStrictEqual(Object.fromEntries(uncached));
  });

  it("reads several policies' entries at once exactly as the uncached store does: missing keys, a key asked twice, a key written in the same transaction, more pairs than one query takes", async () => {
    const cache = new StateCache();
    const store = sqlDetectionStore(temp.store.db, cache);
    const many = Array.from({ length: 450 }, (_, i) => ({ policyId: `q${i % 3}`, key: `u:${i}`, value: { n: i }, expiresAt: NOW + 1000 }));
    await store.transaction(async (tx) => tx.putStatesMany([write('u:kim', { n: 1 }), { policyId: 'r', key: 'u:kim', value: { n: 2 }, expiresAt: NOW + 1000 }, ...many], NOW));
    const requests = [
      { policyId: 'p', keys: ['u:kim', 'u:nobody', 'u:kim'] },
      { policyId: 'r', keys: ['u:kim'] },
      { policyId: 'empty', keys: [] },
      { policyId: 's', keys: ['u:later'] },
      ...['q0', 'q1', 'q2'].map((policyId) => ({ policyId, keys: Array.from({ length: 460 }, (_, i) => `u:${i}`) })),
    ];
    const plain = (m: Map<string, Map<string, unknown>>) => [...m].map(([policyId, values]) => [policyId, [...values].sort(([a], [b]) => a.localeCompare(b))]);
    const uncached = await sqlDetectionStore(temp.store.db, null).transaction(async (tx) => tx.getStatesMany(requests));
    const cold = await store.transaction(async (tx) => {
      await tx.putStatesMany([{ policyId: 's', key: 'u:later', value: { n: 3 }, expiresAt: NOW + 1000 }], NOW);
      return tx.getStatesMany(requests);
    });
    expect(plain(cold)).toEqual(plain(new Map([...uncached, ['s', new Map([['u:later', { n: 3 }]])]])));
    expect(cold.get('q1')?.size).toBe(150);
    const warm = await store.transaction(async (tx) => tx.getStatesMany(requests));
    expect(plain(warm)).toEqual(plain(cold));
  });

  // Another process on the same database: its own connection.
  let other: Store | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });
  const openOther = async () => (other = await openStore({ dataDir: temp.path, databaseUrl: temp.databaseUrl }));
  const read = (store: ReturnType<typeof sqlDetectionStore>, key: string) => store.transaction(async (tx) => (await tx.getStates('p', [key])).get(key));

  it("another process's writes reach the next transaction: its detection, an analyst's dismissal, a policy's state cleared", async () => {
    const store = sqlDetectionStore(temp.store.db, new StateCache());
    await store.transaction(async (tx) => tx.putStatesMany([write('u:kim', { n: 1 }), write('u:lee', { n: 1 })], NOW));
    const kept = await read(store, 'u:kim');
    expect(await read(store, 'u:kim')).toBe(kept);

    const db = (await openOther()).db;
    // What another process commits besides state (its sync's pages, an API session) leaves the cache as it is.
    await advanceCursor(db, 'another-consumer', 7, NOW);
    expect(await read(store, 'u:kim')).toBe(kept);
    // Another worker's detection, through a cache of its own.
    await sqlDetectionStore(db, new StateCache()).transaction(async (tx) => tx.putStatesMany([write('u:kim', { n: 2 })], NOW));
    expect(await read(store, 'u:kim')).toEqual({ n: 2 });
    expect(await read(store, 'u:lee')).toEqual({ n: 1 });

    await putStates(db, 'p', [{ key: 'u:lee', value: { n: 3 }, expiresAt: NOW + 1000 }], NOW);
    expect(await read(store, 'u:lee')).toEqual({ n: 3 });

    await clearPolicyState(db, 'p');
    expect(await read(store, 'u:kim')).toBeUndefined();
    expect(await read(store, 'u:lee')).toBeUndefined();
  });

  it('every transaction that writes state moves the stored version up by one; one that only reads leaves it', async () => {
    const store = sqlDetectionStore(temp.store.db, new StateCache());
    const before = await readStateVersion(temp.store.db);
    await store.transaction(async (tx) => tx.putStatesMany([write('a', 1), write('b', 2)], NOW));
    await read(store, 'a');
    await putStates(temp.store.db, 'p', [{ key: 'c', value: 3, expiresAt: NOW + 1000 }], NOW);
    await clearPolicyState(temp.store.db, 'nothing-stored');
    expect(await readStateVersion(temp.store.db)).toBe(before + 3);
  });

  it.runIf(dialect.name === 'postgres')('a state write committed while a transaction is open is not hidden by the cache afterwards', async () => {
    // Parapet's own writers cannot do this: their transactions take the database-wide advisory lock that a
    // detection batch holds shared (src/store/lock-scope.ts). A writer outside those locks that still moves the
    // version (one autocommit statement here) is caught by the version check at the end of the transaction.
    const store = sqlDetectionStore(temp.store.db, new StateCache());
    await store.transaction(async (tx) => tx.putStatesMany([write('u:kim', { n: 1 })], NOW));
    expect(await read(store, 'u:kim')).toEqual({ n: 1 });
    const db = (await openOther()).db;
    const outside = (n: number) =>
      sql`with w as (update detector_state set value = ${JSON.stringify({ n })} where policy_id = 'p' and key = 'u:kim') update detector_state_version set version = version + 1 where id = 1`.execute(db);
    // Read (cached), then the other connection commits, then this transaction writes and commits.
    await store.transaction(async (tx) => {
      expect((await tx.getStates('p', ['u:kim'])).get('u:kim')).toEqual({ n: 1 });
      await outside(2);
      await tx.putStatesMany([write('u:other', { n: 9 })], NOW);
    });
    expect(await read(store, 'u:kim')).toEqual({ n: 2 });
    // The same when the open transaction only reads.
    await store.transaction(async (tx) => {
      expect((await tx.getStates('p', ['u:kim'])).get('u:kim')).toEqual({ n: 2 });
      await outside(3);
    });
    expect(await read(store, 'u:kim')).toEqual({ n: 3 });
  });

  it('written behind, entries stay in memory (never evicted, however full the cache) until a flush stores them all with the state cursor', async () => {
    const db = temp.store.db;
    const cache = new StateCache(300);
    const store = sqlDetectionStore(db, cache);
    const handOff = (from: number, position: number, flush: boolean) => ({ consumer: 'c', from, position, flush, replay: false, now: NOW });
    const keys = Array.from({ length: 20 }, (_, i) => `u:${i}`);
    await store.transaction(async (tx) => {
      expect(await tx.stateBehind()).toBeNull();
      await tx.putStatesMany(keys.map((key, i) => write(key, { n: i, pad: 'x'.repeat(40) })), NOW);
    }, handOff(0, 1, false));
    expect((await readStateRows(db, 'p', keys)).size).toBe(0);
    expect(cache.unstoredSize).toBeGreaterThan(300);
    expect(cache.position).toBe(1);
    // Still served from memory: nothing was evicted, though the cache holds more than its size.
    const held = await store.transaction(async (tx) => {
      expect(await tx.stateBehind()).toBeNull();
      return tx.getStates('p', keys);
    }, handOff(1, 2, false));
    expect([...held.keys()]).toEqual(keys);
    expect((await readStateRows(db, 'p', keys)).size).toBe(0);

    // The flushing batch's own writes are stored with the rest, and nothing is held after it.
    await store.transaction(async (tx) => {
      expect(await tx.stateBehind()).toBeNull();
      await tx.putStatesMany([write('u:flushing', { n: -1 })], NOW);
    }, handOff(2, 3, true));
    const stored = await readStateRows(db, 'p', [...keys, 'u:flushing']);
    expect([...keys, 'u:flushing'].map((key) => stored.get(key))).toEqual([...keys.map((_, i) => JSON.stringify({ n: i, pad: 'x'.repeat(40) })), JSON.stringify({ n: -1 })]);
    expect(cache.unstoredSize).toBe(0);
    expect(await store.transaction(async (tx) => tx.cursor('c:state'))).toBe(3);
    // A cache that lost what it held (a new process) finds the stored state at its cursor, or behind it.
    const fresh = sqlDetectionStore(db, new StateCache());
    expect(await fresh.transaction(async (tx) => tx.stateBehind(), handOff(3, 4, false))).toBeNull();
    expect(await sqlDetectionStore(db, new StateCache()).transaction(async (tx) => tx.stateBehind(), handOff(4, 5, false))).toBe(3);
  });

  it('written behind, an entry is stored at the flush as its latest value, exactly as JSON gives it back, and a deletion deletes it', async () => {
    const db = temp.store.db;
    const cache = new StateCache();
    const store = sqlDetectionStore(db, cache);
    const handOff = (from: number, position: number, flush: boolean) => ({ consumer: 'c', from, position, flush, replay: false, now: NOW });
    await putStates(db, 'p', [{ key: 'u:gone', value: { n: 0 }, expiresAt: NOW + 1000 }], NOW);
    for (let n = 1; n <= 3; n++) {
      await store.transaction(async (tx) => {
        expect(await tx.stateBehind()).toBeNull();
        await tx.putStatesMany([write('u:kim', { n, seen: Array.from({ length: n * 10 }, (_, i) => i) }), write('u:odd', { n, missing: undefined, nan: Number.NaN })], NOW);
        if (n === 2) await tx.putStatesMany([{ policyId: 'p', key: 'u:gone', value: null, expiresAt: NOW + 1000 }], NOW);
      }, handOff(n - 1, n, false));
    }
    // Held, and served as the store would give it back (what JSON cannot say is not there).
    const held = await store.transaction(async (tx) => {
      expect(await tx.stateBehind()).toBeNull();
      return tx.getStates('p', ['u:kim', 'u:odd', 'u:gone']);
    }, handOff(3, 4, false));
    const kim = { n: 3, seen: Array.from({ length: 30 }, (_, i) => i) };
    expect(Object.fromEntries(held)).toEqual({ 'u:kim': kim, 'u:odd': { n: 3, nan: null } });
    expect([...(await readStateRows(db, 'p', ['u:kim', 'u:odd', 'u:gone'])).entries()]).toEqual([['u:gone', JSON.stringify({ n: 0 })]]);
    await store.transaction(async (tx) => {
      expect(await tx.stateBehind()).toBeNull();
    }, handOff(4, 5, true));
    const stored = await readStateRows(db, 'p', ['u:kim', 'u:odd', 'u:gone']);
    expect(Object.fromEntries(stored)).toEqual({ 'u:kim': JSON.stringify(kim), 'u:odd': JSON.stringify({ n: 3, nan: null }) });
    expect(cache.unstoredSize).toBe(0);
    // Counted until then as long as the first value (a page does not serialise what it holds), the entries are
    // counted exactly once stored: what the cache's bound is measured in.
    const counted = (key: string, json: string | null) => 'p'.length + key.length + (json?.length ?? 0);
    expect(cache.size).toBe(counted('u:kim', JSON.stringify(kim)) + counted('u:odd', JSON.stringify({ n: 3, nan: null })) + counted('u:gone', null));
  });
});
