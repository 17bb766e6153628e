import type { PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { editedSettings, type FixtureDoc } from '../../sdk/settings-fixture.js';
import seeded from './fixtures/box.settings.json' with { type: 'json' };

/** The fixture's well-kept enterprise (every check passes), with `edit` applied to a copy. */
export function enterprise(edit: (docs: Record<string, FixtureDoc>) => void = () => undefined): SettingsSnapshot {
  return editedSettings(seeded as SettingsRecord[], edit);
}

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'BOX-01': {
    pass: [enterprise()],
    fail: [enterprise((d) => (d.users.admins[1].exemptFromLoginVerification = true))],
  },
  'BOX-02': {
    pass: [enterprise()],
    fail: [enterprise((d) => (d.collaboration_allowlist.entries = []))],
  },
};
