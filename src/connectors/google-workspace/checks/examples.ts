import type { PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';

const withPolicies = (policies: unknown[], users: unknown[] = []): SettingsSnapshot => ({ policies: { value: policies }, users2sv: { users } });
const policy = (type: string, value: Record<string, unknown>, orgUnit = 'orgUnits/root', sortOrder = 1) => ({ policyQuery: { orgUnit, sortOrder }, setting: { type: `settings/${type}`, value } });
const enforced = policy('security.two_step_verification_enforcement', { enforcedFrom: '2024-01-01T00:00:00Z' });

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'GWS-01': {
    pass: [withPolicies([enforced], [{ email: 'a@x.example', enforced: true, enrolled: true }])],
    fail: [
      withPolicies([], []),
      withPolicies([enforced], [{ email: 'a@x.example', enforced: false, enrolled: false }]),
      // Enforcement scheduled from a date after the policies were read is not in force yet.
      { policies: { value: [policy('security.two_step_verification_enforcement', { enforcedFrom: '2026-06-01T00:00:00Z' })], readAt: '2026-05-01T00:00:00Z' }, users2sv: { users: [] } },
    ],
  },
  'GWS-02': {
    pass: [withPolicies([policy('security.less_secure_apps', { allowLessSecureApps: false })])],
    fail: [withPolicies([policy('security.less_secure_apps', { allowLessSecureApps: true }, 'orgUnits/sales')])],
  },
  'GWS-03': {
    pass: [withPolicies([policy('drive_and_docs.external_sharing', { externalSharingMode: 'ALLOWLISTED_DOMAINS' })])],
    fail: [withPolicies([policy('drive_and_docs.external_sharing', { externalSharingMode: 'ALLOWED', warnForExternalSharing: false })])],
  },
};
