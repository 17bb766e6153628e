import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord } from '../../sdk/normalize-helpers.js';

/** One settings document (`security`, `meeting_security`, `account`), or undefined when it was not collected. */
export function doc(settings: SettingsSnapshot, key: 'security' | 'meeting_security' | 'account'): Record<string, unknown> | undefined {
  return settings[key] as Record<string, unknown> | undefined;
}

/** A section of the full account settings (`recording`, `schedule_meeting`, `in_meeting`). */
export function section(settings: SettingsSnapshot, name: string): Record<string, unknown> | undefined {
  const account = doc(settings, 'account');
  return account ? (asRecord(account[name]) ?? undefined) : undefined;
}

export const NOT_COLLECTED = 'Zoom account settings were not collected (the account:read:admin scope, and a paid plan, are needed).';
