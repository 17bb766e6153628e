import { defineCheck } from '../../sdk/define-check.js';
import { NOT_COLLECTED, readHealthCheck } from './health-check.js';

export default defineCheck({
  id: 'SF-02',
  title: 'No high-risk Health Check setting',
  severity: 'high',
  rationale: 'A setting Health Check rates HIGH_RISK (e.g. no password lockout, very long sessions) is an opening attackers use first: password spraying, stolen sessions.',
  remediation: 'Setup → Health Check → High-Risk Security Settings: change each one to the baseline value (or Fix Risks).',
  reference: 'Salesforce Health Check (SecurityHealthCheckRisks)',
  expected: 'no setting rated HIGH_RISK',
  worseWhen: 'higher',
  requires: ['View Setup and Configuration'],
  evaluate(settings) {
    const health = readHealthCheck(settings);
    if (!health) return NOT_COLLECTED;
    if (health.risks.length === 0) return { status: 'not_applicable', evidence: 'Health Check listed no settings for this org: open Setup → Health Check to see why (a custom baseline, or no access).' };
    const high = health.risks.filter((r) => r.riskType === 'HIGH_RISK');
    if (high.length === 0) return { status: 'pass', evidence: `None of the ${health.risks.length} settings Health Check reads is high-risk.`, observed: 0 };
    return { status: 'fail', evidence: `High-risk: ${high.map((r) => `"${r.setting}" = ${r.orgValue ?? 'unset'}`).join('; ')}.`, details: { settings: high.map((r) => r.setting) }, observed: high.length };
  },
});
