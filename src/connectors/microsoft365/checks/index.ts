import type { PostureCheck } from '../../sdk/define-check.js';
import { withExamples } from './examples.js';
import m365_01 from './m365-01-mfa-all-users.js';
import m365_02 from './m365-02-legacy-auth-blocked.js';
import m365_03 from './m365-03-phishing-resistant-mfa-admins.js';
import m365_04 from './m365-04-risky-sign-ins-blocked.js';
import m365_05 from './m365-05-weak-methods-disabled.js';
import m365_06 from './m365-06-authenticator-context.js';
import m365_07 from './m365-07-app-registration-restricted.js';
import m365_08 from './m365-08-user-consent-restricted.js';
import m365_09 from './m365-09-admin-consent-workflow.js';
import m365_10 from './m365-10-global-admin-count.js';
import m365_11 from './m365-11-privileged-cloud-only.js';
import m365_12 from './m365-12-guest-access-restricted.js';
import m365_13 from './m365-13-guest-invites-restricted.js';
import m365_14 from './m365-14-password-expiry-off.js';
import m365_15 from './m365-15-lockout-and-consent-settings.js';
import m365_16 from './m365-16-stale-accounts.js';
import m365_17 from './m365-17-managed-devices-required.js';

/** The Microsoft 365 posture checks M365-01..M365-16 (digest §4) and the SCuBA extensions from M365-17, in id order. */
export const m365PostureChecks: readonly PostureCheck[] = [m365_01, m365_02, m365_03, m365_04, m365_05, m365_06, m365_07, m365_08, m365_09, m365_10, m365_11, m365_12, m365_13, m365_14, m365_15, m365_16, m365_17].map(withExamples);
