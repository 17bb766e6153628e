import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import okta01 from './okta-01-password-policy.js';
import okta02 from './okta-02-session-lifetime.js';
import okta03 from './okta-03-mfa-enrolment.js';
import okta04 from './okta-04-admin-mfa.js';
import { EXAMPLES } from './examples.js';

/** Okta posture checks (issue #13): password policy, session lifetime, MFA enrolment, admin MFA. */
export const oktaPostureChecks: readonly PostureCheck[] = [okta01, okta02, okta03, okta04].map(withExamplesFrom(EXAMPLES));
