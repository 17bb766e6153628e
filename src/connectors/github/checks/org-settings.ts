import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { ORG_SETTINGS_KEY } from '../streams/settings.js';

/** The organisation object, when collected. */
export function orgSettings(settings: SettingsSnapshot): Readonly<Record<string, unknown>> | null {
  return settings[ORG_SETTINGS_KEY] ?? null;
}

/**
 * A field only an owner's credentials see: GitHub leaves it out of the organisation object for others, so
 * its absence means "not visible", not "off".
 */
export function ownerField(org: Readonly<Record<string, unknown>>, field: string): unknown {
  return field in org ? org[field] : undefined;
}
