import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import twoStepEnforced from './gws-01-2sv-enforced.js';
import lessSecureApps from './gws-02-less-secure-apps.js';
import externalSharing from './gws-03-external-sharing.js';
import { EXAMPLES } from './examples.js';

export const googlePostureChecks: readonly PostureCheck[] = [twoStepEnforced, lessSecureApps, externalSharing].map(withExamplesFrom(EXAMPLES));
