import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/box.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept enterprise (every check passes), with `edit` applied to a copy. */
export function enterprise(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
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
