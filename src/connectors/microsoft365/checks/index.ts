import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import { M365_EXAMPLES } from './examples.js';
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
import m365_18 from './m365-18-unified-audit-log.js';
import m365_19 from './m365-19-external-forwarding-blocked.js';
import m365_20 from './m365-20-smtp-auth-disabled.js';
import m365_21 from './m365-21-mailbox-auditing-on.js';
import m365_22 from './m365-22-dkim-enabled.js';
import m365_23 from './m365-23-spf-published.js';
import m365_24 from './m365-24-dmarc-reject.js';
import m365_25 from './m365-25-external-sender-tag.js';

/**
 * The Microsoft 365 posture checks M365-01..M365-16 (digest §4) and the SCuBA extensions from M365-17, in id
 * order. M365-18 reads the Management Activity API; M365-19..25 are Exchange Online baseline items only
 * Exchange PowerShell or DNS can read: listed and reported as not evaluated, with the reason.
 */
export const m365PostureChecks: readonly PostureCheck[] = [
  m365_01, m365_02, m365_03, m365_04, m365_05, m365_06, m365_07, m365_08, m365_09, m365_10, m365_11, m365_12, m365_13, m365_14, m365_15, m365_16, m365_17, m365_18,
].map(withExamplesFrom(M365_EXAMPLES)).concat([m365_19, m365_20, m365_21, m365_22, m365_23, m365_24, m365_25]);
