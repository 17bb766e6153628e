import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';

/** Reading helpers shared by the posture checks: total over whatever the settings documents hold. */

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asRecord).filter((v): v is Record<string, unknown> => v !== null) : [];
}

export function includesCi(list: readonly string[], value: string): boolean {
  return list.some((v) => v.toLowerCase() === value.toLowerCase());
}

/** A Conditional Access policy reduced to the fields the checks read. */
export interface CaPolicy {
  id: string;
  displayName: string;
  state: string;
  includeUsers: string[];
  excludeUsers: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeApplications: string[];
  clientAppTypes: string[];
  userRiskLevels: string[];
  signInRiskLevels: string[];
  builtInControls: string[];
  authenticationStrength: string[] | null;
}

export function caPolicy(raw: Record<string, unknown>): CaPolicy {
  const conditions = asRecord(raw.conditions);
  const users = asRecord(conditions?.users);
  const applications = asRecord(conditions?.applications);
  const grant = asRecord(raw.grantControls);
  const strength = asRecord(grant?.authenticationStrength);
  return {
    id: str(raw.id) ?? '',
    displayName: str(raw.displayName) ?? '(unnamed policy)',
    state: str(raw.state) ?? '',
    includeUsers: strings(users?.includeUsers),
    excludeUsers: strings(users?.excludeUsers),
    includeRoles: strings(users?.includeRoles),
    excludeRoles: strings(users?.excludeRoles),
    includeApplications: strings(applications?.includeApplications),
    clientAppTypes: strings(conditions?.clientAppTypes),
    userRiskLevels: strings(conditions?.userRiskLevels),
    signInRiskLevels: strings(conditions?.signInRiskLevels),
    builtInControls: strings(grant?.builtInControls),
    authenticationStrength: strength ? strings(strength.allowedCombinations) : null,
  };
}

/** The tenant's Conditional Access policies, or why they could not be read (null: not collected). */
export function conditionalAccess(settings: SettingsSnapshot): { available: boolean; reason: string | null; policies: CaPolicy[] } | null {
  const doc = settings[SETTINGS_KEYS.conditionalAccess];
  if (!doc) return null;
  return { available: doc.available !== false, reason: str(doc.reason), policies: items(doc.value).map(caPolicy) };
}

export function enabled(policy: CaPolicy): boolean {
  return policy.state === 'enabled';
}

export function allUsersAllApps(policy: CaPolicy): boolean {
  return includesCi(policy.includeUsers, 'All') && includesCi(policy.includeApplications, 'All');
}

export function blocks(policy: CaPolicy): boolean {
  return includesCi(policy.builtInControls, 'block');
}

export function securityDefaultsOn(settings: SettingsSnapshot): boolean | null {
  const doc = settings[SETTINGS_KEYS.securityDefaults];
  if (!doc) return null;
  return doc.isEnabled === true;
}

/** Values of a directory settings object (`groupSettings`) by display name or template id. */
export function directorySetting(settings: SettingsSnapshot, displayName: string, templateId: string): Map<string, string> | null {
  const doc = settings[SETTINGS_KEYS.groupSettings];
  if (!doc) return null;
  const match = items(doc.value).find((s) => str(s.displayName)?.toLowerCase() === displayName.toLowerCase() || str(s.templateId)?.toLowerCase() === templateId);
  const values = new Map<string, string>();
  for (const entry of items(match?.values)) {
    const name = str(entry.name);
    if (name !== null) values.set(name.toLowerCase(), String(entry.value ?? ''));
  }
  return values;
}

export function names(policies: readonly CaPolicy[]): string {
  return policies.map((p) => `"${p.displayName}" (${p.state})`).join(', ');
}
