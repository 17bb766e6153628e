import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, num } from '../../sdk/normalize-helpers.js';
import { doc, NOT_COLLECTED } from './read-settings.js';

/** The shortest Zoom password the check accepts. */
export const MIN_PASSWORD_LENGTH = 10;

export default defineCheck({
  id: 'ZOOM-04',
  title: `Zoom passwords have at least ${MIN_PASSWORD_LENGTH} characters`,
  severity: 'medium',
  rationale: 'Users who sign in with a Zoom password (not SSO) are only as safe as that password: Zoom’s default minimum of 8 characters falls to guessing and credential stuffing.',
  remediation: `In Admin → Advanced → Security → Password requirement, set the minimum length to ${MIN_PASSWORD_LENGTH} or more and turn on the enhanced weak-password detection.`,
  reference: 'Zoom: account security settings (password_requirement.minimum_password_length)',
  expected: `minimum_password_length ≥ ${MIN_PASSWORD_LENGTH}`,
  worseWhen: 'lower',
  requires: ['account:read:admin'],
  evaluate(settings) {
    const security = doc(settings, 'security');
    if (!security) return { status: 'not_applicable', evidence: NOT_COLLECTED };
    const length = num(asRecord(security.password_requirement)?.minimum_password_length);
    if (length === null) return { status: 'not_applicable', evidence: 'Zoom did not say the minimum password length (the account may sign in through SSO only).' };
    if (length >= MIN_PASSWORD_LENGTH) return { status: 'pass', evidence: `Passwords need at least ${length} characters.`, observed: length };
    return { status: 'fail', evidence: `Passwords need only ${length} characters (fewer than ${MIN_PASSWORD_LENGTH}).`, observed: length };
  },
});
