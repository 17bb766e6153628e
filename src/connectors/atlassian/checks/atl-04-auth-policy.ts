import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'ATL-04',
  title: 'Authentication policies enforce 2-step verification and a session timeout',
  severity: 'high',
  rationale: 'The authentication policy is where Atlassian enforces 2-step verification, password strength and idle session timeouts for its members.',
  remediation: 'In Atlassian Administration → Security → Authentication policies, enforce two-step verification and set an idle session duration for every policy; ATL-01 and ATL-02 check the result account by account.',
  reference: 'Atlassian: authentication policies',
  reason: "Atlassian's Admin Control API only adds users to an authentication policy and reports the task (POST …/auth-policy/{policyId}/add-users); no endpoint reads a policy's 2SV, password or session settings (ACCESS-1044). ATL-01 and ATL-02 read the effect instead: each account's 2-step verification",
});
