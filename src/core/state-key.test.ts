import { describe, expect, it } from 'vitest';
import { MAX_KEYS_PER_PREFIX, stateKey } from './state-key.js';

describe('stateKey', () => {
  it('names a key as prefix and id, one string object per key, and keeps prefixes apart', () => {
    const id = ['ann', '@example.com'].join('');
    const first = stateKey('u:', id);
    expect(first).toBe('u:ann@example.com');
    expect(Object.is(stateKey('u:', 'ann@example.com'), first)).toBe(true);
    expect(stateKey('c:', id)).toBe('c:ann@example.com');
  });

  it('starts a prefix afresh past its bound, still naming every key right', () => {
    const prefix = 'bound-test:';
    for (let i = 0; i <= MAX_KEYS_PER_PREFIX; i++) stateKey(prefix, String(i));
    expect(stateKey(prefix, '7')).toBe(`${prefix}7`);
    expect(stateKey(prefix, String(MAX_KEYS_PER_PREFIX))).toBe(`${prefix}${MAX_KEYS_PER_PREFIX}`);
  });
});
