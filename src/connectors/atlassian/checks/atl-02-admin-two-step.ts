import { defineCheck } from '../../sdk/define-check.js';
import { names, some, twoStep } from './read.js';

export default defineCheck({
  id: 'ATL-02',
  title: 'Every administrator has 2-step verification',
  severity: 'critical',
  rationale: 'Organisation and site admins can add admins, create API keys, change authentication policies and export data: one of them without 2-step verification puts the whole organisation behind a single password.',
  remediation: 'Put every admin in an authentication policy that enforces two-step verification (Atlassian Administration → Security → Authentication policies), or remove the role from accounts that do not need it.',
  reference: 'Atlassian: best practices for organisation admins',
  expected: 'no admin without 2-step verification',
  requires: ['organisation API key (read:directories:admin)'],
  evaluate(settings) {
    const doc = twoStep(settings);
    if (!doc) return { status: 'not_applicable', evidence: 'Atlassian settings were not collected.' };
    const admins = names(doc, 'adminsWithout2sv');
    if (admins === null) return { status: 'error', evidence: 'The directory search did not list the admins’ 2-step verification.' };
    if (admins.length === 0) return { status: 'pass', evidence: `Every admin has 2-step verification on (${names(doc, 'orgAdmins')?.length ?? 0} organisation admins).` };
    return { status: 'fail', evidence: `${admins.length} admin(s) without 2-step verification: ${some(admins)}.`, details: { adminsWithout2sv: admins } };
  },
});
