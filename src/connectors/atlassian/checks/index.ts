import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import atl01 from './atl-01-two-step-everyone.js';
import atl02 from './atl-02-admin-two-step.js';
import atl03 from './atl-03-ip-allowlist.js';
import atl04 from './atl-04-auth-policy.js';
import { EXAMPLES } from './examples.js';

/** Atlassian's posture checks: 2-step verification for everyone and for admins, the IP allowlist, and the authentication policy (not readable). */
export const atlassianPostureChecks: readonly PostureCheck[] = [...[atl01, atl02, atl03].map(withExamplesFrom(EXAMPLES)), atl04];
