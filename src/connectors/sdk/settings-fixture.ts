import type { SettingsRecord } from './define-connector.js';
import { settingsSnapshot, type SettingsSnapshot } from './define-check.js';

/** Settings documents of a posture fixture, reshaped freely by the examples. */
export type FixtureDoc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A posture fixture's settings (a JSON list of `{key, value}` records) with `edit` applied to a copy: the
 * examples' "well-kept org, with this one thing changed".
 */
export function editedSettings(records: readonly SettingsRecord[], edit: (docs: Record<string, FixtureDoc>) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries(records.map((r) => [r.key, r.value]))) as Record<string, FixtureDoc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}
