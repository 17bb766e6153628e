import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/slack.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept org (every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'SLACK-01': {
    pass: [org()],
    fail: [org((d) => (d.prefs.sso_setting_changed = { value: 'optional', changedAt: Date.UTC(2026, 10, 19), changedBy: 'oliver.evans@northwind-legal.example' }))],
  },
  'SLACK-02': {
    pass: [org(), org((d) => (d.prefs.session_duration_changed.value = '7 days'))],
    fail: [org((d) => (d.prefs.session_duration_changed.value = '720')), org((d) => (d.prefs.session_duration_changed.value = '30 days'))],
  },
  'SLACK-03': {
    pass: [org()],
    fail: [org((d) => (d.app_approval = { enabled: false, error: 'app_management_app_not_installed_on_org' }))],
  },
};
