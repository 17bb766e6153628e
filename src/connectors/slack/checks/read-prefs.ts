import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, num, str } from '../../sdk/normalize-helpers.js';

export interface PrefValue {
  value: string | null;
  changedAt: number | null;
  changedBy: string | null;
}

/**
 * The latest known value of one org preference (see streams/settings.ts): `undefined` when settings were not
 * collected, null when the preference did not change in the look-back.
 */
export function readPref(settings: SettingsSnapshot, name: string): PrefValue | null | undefined {
  const prefs = settings.prefs;
  if (!prefs) return undefined;
  const pref = asRecord(prefs[name]);
  if (!pref) return null;
  return { value: str(pref.value), changedAt: num(pref.changedAt), changedBy: str(pref.changedBy) };
}

export function when(pref: PrefValue): string {
  const at = pref.changedAt === null ? 'at an unknown time' : `on ${new Date(pref.changedAt).toISOString().slice(0, 10)}`;
  return `${at}${pref.changedBy ? ` by ${pref.changedBy}` : ''}`;
}
