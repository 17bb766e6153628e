import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import { EXAMPLES } from './examples.js';
import zoom01 from './zoom-01-two-factor.js';
import zoom02 from './zoom-02-meeting-access.js';
import zoom03 from './zoom-03-recording-access.js';
import zoom04 from './zoom-04-password-length.js';

/** Zoom's posture checks over the account settings: two-factor sign-in, meeting access, recordings, passwords. */
export const zoomPostureChecks: readonly PostureCheck[] = [zoom01, zoom02, zoom03, zoom04].map(withExamplesFrom(EXAMPLES));
