import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import sf01 from './sf-01-health-check-score.js';
import sf02 from './sf-02-no-high-risk.js';
import sf03 from './sf-03-session-timeout.js';
import sf04 from './sf-04-password-lockout.js';
import sf05 from './sf-05-password-length.js';
import { EXAMPLES } from './examples.js';

/** Salesforce's posture checks, over Health Check (score and per-setting risk). */
export const salesforcePostureChecks: readonly PostureCheck[] = [sf01, sf02, sf03, sf04, sf05].map(withExamplesFrom(EXAMPLES));
