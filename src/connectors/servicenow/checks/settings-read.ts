import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord } from '../../sdk/normalize-helpers.js';
import { PROPERTIES_KEY } from '../streams/settings.js';

/** The collected system properties (name → value), or null when they were not collected. */
export function properties(settings: SettingsSnapshot): Readonly<Record<string, unknown>> | null {
  return asRecord(settings[PROPERTIES_KEY]?.properties);
}

/** A property's value as text, or null when the instance has no such property (its default applies). */
export function property(props: Readonly<Record<string, unknown>>, name: string): string | null {
  if (!Object.hasOwn(props, name)) return null;
  const value = props[name];
  return typeof value === 'string' ? value.trim() : null;
}
