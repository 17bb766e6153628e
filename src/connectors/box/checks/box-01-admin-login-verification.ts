import { defineCheck } from '../../sdk/define-check.js';
import { asRecord } from '../../sdk/normalize-helpers.js';

export default defineCheck({
  id: 'BOX-01',
  title: 'No admin or co-admin is exempt from 2-step login verification',
  severity: 'high',
  rationale: 'An admin exempt from login verification signs in with a password alone: one phished or reused password gives an attacker the whole enterprise (every file, every user, every setting).',
  remediation: 'Admin Console → Users & Groups → the admin → Edit user access permissions: clear "Exempt from 2-step login verification" for every admin and co-admin (and require 2-step verification for the enterprise under Enterprise Settings → Security).',
  reference: 'Box Admin Console: 2-step verification for managed users',
  expected: 'no admin or co-admin exempt',
  worseWhen: 'higher',
  requires: ['Manage users'],
  evaluate(settings) {
    const users = asRecord(settings.users);
    if (!users || !Array.isArray(users.admins)) return { status: 'not_applicable', evidence: 'Box users were not collected.' };
    const admins = users.admins.map((a) => asRecord(a) ?? {});
    const exempt = admins.filter((a) => a.exemptFromLoginVerification === true).map((a) => String(a.login ?? a.id));
    if (exempt.length === 0) return { status: 'pass', evidence: `None of the ${admins.length} active admins and co-admins is exempt from 2-step login verification.`, observed: 0 };
    return { status: 'fail', evidence: `${exempt.length} admin${exempt.length === 1 ? ' is' : 's are'} exempt from 2-step login verification: ${exempt.join(', ')}.`, details: { exempt }, observed: exempt.length };
  },
});
