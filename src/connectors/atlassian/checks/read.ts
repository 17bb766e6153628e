import type { SettingsSnapshot } from '../../sdk/define-check.js';

/** A list of e-mails (or account ids) of a settings document, `null` when it is not a list of strings. */
export function names(doc: Readonly<Record<string, unknown>>, key: string): string[] | null {
  const value = doc[key];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}

export function twoStep(settings: SettingsSnapshot): Readonly<Record<string, unknown>> | undefined {
  return settings.two_step_verification;
}

/** `a, b, c and 4 more` */
export function some(list: readonly string[], n = 5): string {
  return list.length <= n ? list.join(', ') : `${list.slice(0, n).join(', ')} and ${list.length - n} more`;
}
