import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import dbx01 from './dbx-01-link-default.js';
import dbx02 from './dbx-02-shared-folder-members.js';
import dbx03 from './dbx-03-two-step-required.js';
import dbx04 from './dbx-04-outside-folders.js';
import { EXAMPLES } from './examples.js';

/** Dropbox's posture checks: link default audience, shared-folder members, two-step verification (not readable), joining outside folders. */
export const dropboxPostureChecks: readonly PostureCheck[] = [...[dbx01, dbx02].map(withExamplesFrom(EXAMPLES)), dbx03, withExamplesFrom(EXAMPLES)(dbx04)];
