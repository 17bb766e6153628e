import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { settingsKey, type POLICY_TYPES } from '../streams/settings.js';

export type Doc = Record<string, unknown>;

/** The ACTIVE policies of one type (priority order), or null when that type was not collected. */
export function activePolicies(settings: SettingsSnapshot, type: (typeof POLICY_TYPES)[number]): Doc[] | null {
  const doc = settings[settingsKey(type)];
  if (!doc) return null;
  const list = Array.isArray(doc.policies) ? doc.policies : [];
  return list
    .map((p) => asRecord(p))
    .filter((p): p is Doc => p !== null && str(p.status) === 'ACTIVE')
    .sort((a, b) => Number(a.priority ?? 0) - Number(b.priority ?? 0));
}

export function activeRules(policy: Doc): Doc[] {
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  return rules.map((r) => asRecord(r)).filter((r): r is Doc => r !== null && str(r.status) === 'ACTIVE');
}

/** Reads a dotted path of plain objects. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) cur = asRecord(cur)?.[key];
  return cur;
}

export const nameOf = (p: Doc) => `"${str(p.name) ?? str(p.id) ?? '?'}"`;
