import type { PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { editedSettings, type FixtureDoc } from '../../sdk/settings-fixture.js';
import seeded from './fixtures/atlassian.settings.json' with { type: 'json' };

/** The fixture's well-kept organisation (every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Record<string, FixtureDoc>) => void = () => undefined): SettingsSnapshot {
  return editedSettings(seeded as SettingsRecord[], edit);
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
