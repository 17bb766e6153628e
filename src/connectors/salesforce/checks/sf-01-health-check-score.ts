import { defineCheck } from '../../sdk/define-check.js';
import { NOT_COLLECTED, readHealthCheck } from './health-check.js';

export const MIN_SCORE = 80;

export default defineCheck({
  id: 'SF-01',
  title: 'Health Check score is at least 80',
  severity: 'medium',
  rationale: 'Salesforce Health Check scores the org\'s security settings against its baseline; a score under 80 means several password, session or network settings are weaker than Salesforce recommends.',
  remediation: 'Setup → Health Check: fix the high-risk settings first (Fix Risks applies the baseline value), then the medium ones.',
  reference: 'Salesforce Health Check (SecurityHealthCheck)',
  expected: `score ≥ ${MIN_SCORE}`,
  worseWhen: 'lower',
  requires: ['View Setup and Configuration'],
  evaluate(settings) {
    const health = readHealthCheck(settings);
    if (!health) return NOT_COLLECTED;
    if (health.score === null) return { status: 'not_applicable', evidence: 'Health Check returned no score.' };
    const status = health.score >= MIN_SCORE ? 'pass' : 'fail';
    return { status, evidence: `The Health Check score is ${health.score} (the check wants ${MIN_SCORE} or more).`, observed: health.score };
  },
});
