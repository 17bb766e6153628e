import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/zoom.settings.json' with { type: 'json' };

/** Settings documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture's well-kept account (every check passes), with `edit` applied to a copy. */
export function account(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'ZOOM-01': {
    pass: [account()],
    fail: [account((d) => (d.security.sign_in_with_two_factor_auth = 'none')), account((d) => Object.assign(d.security, { sign_in_with_two_factor_auth: 'role', sign_in_with_two_factor_auth_roles: ['1'] }))],
  },
  'ZOOM-02': {
    pass: [account(), account((d) => (d.meeting_security.require_password_for_scheduled_meeting = false))],
    fail: [account((d) => Object.assign(d.meeting_security, { waiting_room: false, require_password_for_scheduled_meeting: false }))],
  },
  'ZOOM-03': {
    pass: [account(), account((d) => (d.account.recording.cloud_recording = false))],
    fail: [account((d) => Object.assign(d.account.recording, { required_password_for_shared_cloud_recordings: false, recording_authentication: false }))],
  },
  'ZOOM-04': {
    pass: [account()],
    fail: [account((d) => (d.security.password_requirement.minimum_password_length = 8))],
  },
};
