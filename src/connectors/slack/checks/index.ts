import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import slack01 from './slack-01-sso-required.js';
import slack02 from './slack-02-session-duration.js';
import slack03 from './slack-03-app-approval.js';
import { EXAMPLES } from './examples.js';

/** Slack's posture checks (issue #13): SSO required, session duration, app approval. */
export const slackPostureChecks: readonly PostureCheck[] = [slack01, slack02, slack03].map(withExamplesFrom(EXAMPLES));
