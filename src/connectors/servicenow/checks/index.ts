import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import { EXAMPLES } from './examples.js';
import sn01 from './sn-01-mfa.js';
import sn02 from './sn-02-session-timeout.js';
import sn03 from './sn-03-hardening-flags.js';

/** ServiceNow posture checks over sys_properties: MFA, idle session timeout, hardening flags. */
export const serviceNowPostureChecks: readonly PostureCheck[] = [sn01, sn02, sn03].map(withExamplesFrom(EXAMPLES));
