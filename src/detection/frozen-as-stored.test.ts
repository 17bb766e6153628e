import { describe, expect, it } from 'vitest';
import { deepFreeze, frozenAsStored } from './state-cache.js';

/** What the state cache holds for a value a policy wrote: the value itself when JSON gives it back exactly. */
const cached = (value: unknown) => frozenAsStored(value, JSON.stringify(value));

describe('frozenAsStored (what the state cache holds for a written value)', () => {
  it('keeps a value JSON gives back exactly, frozen, sharing the frozen parts it reused', () => {
    const shared = deepFreeze({ peak: 3, buckets: [[1, 2]] });
    const value = { v: shared, s: [5, 'x', true, null, [shared]], o: { n: -1.5 } };
    const held = cached(value);
    expect(held).toBe(value);
    expect(Object.isFrozen(value) && Object.isFrozen(value.s) && Object.isFrozen(value.s[4]) && Object.isFrozen(value.o)).toBe(true);
    expect((held as typeof value).v).toBe(shared);
  });

  it.each([
    ['-0', { n: -0 }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['an undefined property', { a: 1, b: undefined }],
    ['an undefined element', [1, undefined]],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole', [1, , 3]],
    ['a named property on an array', Object.assign([1, 2], { extra: 1 })],
    ['a class instance', { at: new Date(0) }],
    ['a symbol key', { a: 1, [Symbol('s')]: 2 }],
    ['a function', { f: () => 1 }],
  ])('holds what JSON gives back for a value with %s (never the value itself)', (_, value) => {
    const held = cached(value);
    expect(held).not.toBe(value);
    expect(held).toStrictEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.isFrozen(held)).toBe(true);
  });

  it.each([
    ['NaN', Number.NaN, null],
    ['-0', -0, 0],
    ['Infinity', Number.POSITIVE_INFINITY, null],
    ['null', null, null],
    ['a string', 'x', 'x'],
    ['a finite number', -1.5, -1.5],
    ['a boolean', false, false],
  ])('holds what JSON gives back for %s written alone', (_, value, stored) => {
    expect(cached(value)).toBe(stored);
  });

  it('checks an element of a new array even after elements already frozen', () => {
    const frozen = deepFreeze([1, 2]);
    const held = cached([frozen, frozen, { n: Number.NaN }]);
    expect(held).toStrictEqual([[1, 2], [1, 2], { n: null }]);
  });
});
