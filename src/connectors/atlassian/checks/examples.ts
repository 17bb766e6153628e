import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/atlassian.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept organisation (every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'ATL-01': {
    pass: [org()],
    fail: [org((d) => (d.two_step_verification.without2sv = ['maya.parker@northwind-legal.example', 'noah.silva@northwind-legal.example']))],
  },
  'ATL-02': {
    pass: [org()],
    fail: [org((d) => (d.two_step_verification.adminsWithout2sv = ['jordan.reyes@northwind-legal.example']))],
  },
  'ATL-03': {
    pass: [org()],
    fail: [org((d) => (d.ip_allowlist.policies[0].status = 'disabled')), org((d) => (d.ip_allowlist.policies = []))],
  },
};
