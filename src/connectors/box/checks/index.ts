import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import box01 from './box-01-admin-login-verification.js';
import box02 from './box-02-collaboration-allowlist.js';
import { EXAMPLES } from './examples.js';

/** Box's posture checks: admins under 2-step login verification, an external-collaboration allow-list. */
export const boxPostureChecks: readonly PostureCheck[] = [box01, box02].map(withExamplesFrom(EXAMPLES));
