import { defineCheck } from '../../sdk/define-check.js';
import { allUsersAllApps, blocks, conditionalAccess, enabled, includesCi, names } from './settings-read.js';

export default defineCheck({
  id: 'M365-04',
  title: 'High-risk users and sign-ins are blocked',
  severity: 'high',
  rationale: 'Entra ID Protection scores leaked credentials and anomalous sign-ins; unless a policy acts on high risk, a compromised account keeps signing in.',
  remediation:
    'With Entra ID P2, create two enabled Conditional Access policies for All users and All cloud apps: one with condition User risk = High and grant Block access, one with Sign-in risk = High and grant Block access.',
  reference: 'CISA ScubaGear MS.AAD.2.1 and 2.3',
  evaluate(settings) {
    const ca = conditionalAccess(settings);
    if (ca === null || !ca.available) return { status: 'not_applicable', evidence: ca ? `Risk-based Conditional Access needs Entra ID P2 (${ca.reason ?? 'no licence'}).` : 'Conditional Access policies were not collected.' };
    const active = ca.policies.filter((p) => enabled(p) && allUsersAllApps(p) && blocks(p));
    const userRisk = active.filter((p) => includesCi(p.userRiskLevels, 'high'));
    const signInRisk = active.filter((p) => includesCi(p.signInRiskLevels, 'high'));
    if (userRisk.length > 0 && signInRisk.length > 0) return { status: 'pass', evidence: `High user risk is blocked by ${names(userRisk)}; high sign-in risk by ${names(signInRisk)}.` };
    const missing = [userRisk.length === 0 ? 'high user risk' : null, signInRisk.length === 0 ? 'high sign-in risk' : null].filter(Boolean).join(' and ');
    return { status: 'fail', evidence: `No enabled all-users policy blocks ${missing}.`, details: { userRiskPolicies: userRisk.map((p) => p.id), signInRiskPolicies: signInRisk.map((p) => p.id) } };
  },
});
