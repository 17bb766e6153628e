import { withExamplesFrom, type PostureCheck } from '../../sdk/define-check.js';
import gh01 from './gh-01-two-factor-required.js';
import gh02 from './gh-02-default-repository-permission.js';
import gh03 from './gh-03-public-repository-creation.js';
import { EXAMPLES } from './examples.js';

/** GitHub posture checks GH-01..GH-03, in id order. */
export const githubPostureChecks: readonly PostureCheck[] = [gh01, gh02, gh03].map(withExamplesFrom(EXAMPLES));
