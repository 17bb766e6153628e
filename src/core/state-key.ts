/**
 * A detector-state key (`<prefix><id>`, e.g. `u:ann@example.com`) as one string object per key, not a new
 * string each time a policy names it. State keys are named for every activity, several times (the policy's
 * keys, the engine's view of them, the policy's own reads): a string seen before is matched by identity,
 * while a string built afresh is read character by character each time it is hashed or used as a property
 * name. Bounded: past {@link MAX_KEYS_PER_PREFIX} ids a prefix's keys start again (they are only a cache).
 */
export function stateKey(prefix: string, id: string): string {
  let keys = KEYS.get(prefix);
  if (keys === undefined) KEYS.set(prefix, (keys = new Map()));
  let key = keys.get(id);
  if (key === undefined) {
    if (keys.size >= MAX_KEYS_PER_PREFIX) keys.clear();
    key = prefix + id;
    keys.set(id, key);
  }
  return key;
}

/** `<prefix><scope>:<id>` (e.g. `t:<connector instance>:<person>`), one string object per key as {@link stateKey}. */
export function scopedStateKey(prefix: string, scope: string, id: string): string {
  let scopes = SCOPES.get(prefix);
  if (scopes === undefined) SCOPES.set(prefix, (scopes = new Map()));
  let scoped = scopes.get(scope);
  if (scoped === undefined) {
    if (scopes.size >= MAX_KEYS_PER_PREFIX) scopes.clear();
    scopes.set(scope, (scoped = `${prefix}${scope}:`));
  }
  return stateKey(scoped, id);
}

export const MAX_KEYS_PER_PREFIX = 50_000;
const SCOPES = new Map<string, Map<string, string>>();
const KEYS = new Map<string, Map<string, string>>();
