import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/okta.settings.json' with { type: 'json' };

/** Policy documents are reshaped freely here. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The seeded org's policies (hardened: every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Record<string, Doc>) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}
const policy = (d: Record<string, Doc>, type: string) => d[`policies/${type}`].policies[0];
const session = (d: Record<string, Doc>) => policy(d, 'OKTA_SIGN_ON').rules[0].actions.signon.session;

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'OKTA-01': {
    pass: [org()],
    fail: [org((d) => (policy(d, 'PASSWORD').settings.password.complexity.minLength = 8)), org((d) => (policy(d, 'PASSWORD').settings.password.lockout.maxAttempts = 0))],
  },
  'OKTA-02': {
    pass: [org()],
    fail: [org((d) => (session(d).maxSessionLifetimeMinutes = 0)), org((d) => (session(d).usePersistentCookie = true))],
  },
  'OKTA-03': {
    pass: [org()],
    fail: [org((d) => (policy(d, 'MFA_ENROLL').settings.authenticators = [{ key: 'phone_number', enroll: { self: 'REQUIRED' } }]))],
  },
  'OKTA-04': {
    pass: [org()],
    fail: [org((d) => (policy(d, 'ACCESS_POLICY').rules[0].actions.appSignOn.verificationMethod.factorMode = '1FA'))],
  },
};
