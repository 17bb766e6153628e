import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/salesforce.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept org (every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

const risk = (setting: string, orgValue: string, riskType: string) => (d: Doc) => {
  d.healthCheck.risks[setting] = { ...d.healthCheck.risks[setting], orgValue, riskType };
};

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'SF-01': { pass: [org()], fail: [org((d) => (d.healthCheck.score = '54'))] },
  'SF-02': { pass: [org()], fail: [org(risk('Maximum invalid login attempts', 'No limit', 'HIGH_RISK'))] },
  'SF-03': { pass: [org()], fail: [org(risk('Timeout value', '24 hours', 'HIGH_RISK'))] },
  'SF-04': { pass: [org()], fail: [org(risk('Maximum invalid login attempts', '10', 'MEDIUM_RISK'))] },
  'SF-05': { pass: [org()], fail: [org(risk('Minimum password length', '6', 'HIGH_RISK'))] },
};
