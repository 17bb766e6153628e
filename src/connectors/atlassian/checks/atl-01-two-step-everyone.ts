import { defineCheck } from '../../sdk/define-check.js';
import { num } from '../../sdk/normalize-helpers.js';
import { names, some, twoStep } from './read.js';

export default defineCheck({
  id: 'ATL-01',
  title: '2-step verification is on for every active account',
  severity: 'high',
  rationale: 'An Atlassian account without 2-step verification is one phished password away from the organisation’s Jira issues, Confluence pages and Bitbucket code. An authentication policy that enforces 2SV makes every member of it enrol.',
  remediation: 'In Atlassian Administration → Security → Authentication policies, turn on "Enforce two-step verification" for every policy that holds members (or require SSO with MFA at the identity provider), and follow up with the accounts listed.',
  reference: 'Atlassian: enforce two-step verification with an authentication policy',
  expected: 'no active account without 2-step verification',
  worseWhen: 'higher',
  requires: ['organisation API key (read:directories:admin)'],
  evaluate(settings) {
    const doc = twoStep(settings);
    if (!doc) return { status: 'not_applicable', evidence: 'Atlassian settings were not collected.' };
    const without = names(doc, 'without2sv');
    const active = num(doc.activeUsers);
    if (without === null || active === null) return { status: 'error', evidence: 'The directory search did not say which accounts have 2-step verification (mfaEnabled).' };
    if (without.length === 0) return { status: 'pass', evidence: `All ${active} active accounts have 2-step verification on.`, observed: 0 };
    return { status: 'fail', evidence: `${without.length} of ${active} active accounts have no 2-step verification: ${some(without)}.`, details: { without2sv: without }, observed: without.length };
  },
});
