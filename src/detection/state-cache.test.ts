import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { readStateRows } from '../store/repos/detector-state.js';
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
    // SQLite keeps the cache across transactions (PostgreSQL: within one only, so a fresh parse).
    if (dialect.name === 'sqlite') expect(after).toBe(first);
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
});
