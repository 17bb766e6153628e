import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/dropbox.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept team (every check passes), with `edit` applied to a copy. */
export function team(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'DBX-01': {
    pass: [team(), team((d) => (d.policies.sharing.shared_link_create_policy = 'team_only'))],
    fail: [team((d) => (d.policies.sharing.shared_link_create_policy = 'default_public'))],
  },
  'DBX-02': {
    pass: [team(), team((d) => (d.policies.sharing.shared_folder_member_policy = 'team_and_approved'))],
    fail: [team((d) => (d.policies.sharing.shared_folder_member_policy = 'anyone'))],
  },
  'DBX-04': {
    pass: [team()],
    fail: [team((d) => (d.policies.sharing.shared_folder_join_policy = 'from_anyone'))],
  },
};
