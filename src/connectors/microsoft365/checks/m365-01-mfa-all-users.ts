import { defineCheck } from '../../sdk/define-check.js';
import { allUsersAllApps, conditionalAccess, enabled, includesCi, names, securityDefaultsOn } from './settings-read.js';

export default defineCheck({
  id: 'M365-01',
  title: 'MFA is required of all users',
  severity: 'high',
  rationale: 'A stolen or guessed password is enough to take over an account that does not need a second factor; MFA stops most account-takeover attacks.',
  remediation:
    'Turn on security defaults (Entra admin center → Overview → Properties → Manage security defaults), or with Entra ID P1 create an enabled Conditional Access policy for All users and All cloud apps that grants access only with multifactor authentication or an authentication strength.',
  reference: 'CISA ScubaGear MS.AAD.3.2',
  evaluate(settings) {
    const defaults = securityDefaultsOn(settings);
    const ca = conditionalAccess(settings);
    if (defaults === null && ca === null) return { status: 'not_applicable', evidence: 'Neither security defaults nor Conditional Access policies were collected.' };
    if (defaults === true) return { status: 'pass', evidence: 'Security defaults are on: every user must register for and use MFA.' };
    const policies = ca?.policies ?? [];
    const requiring = policies.filter((p) => allUsersAllApps(p) && (includesCi(p.builtInControls, 'mfa') || (p.authenticationStrength?.length ?? 0) > 0));
    const enforcing = requiring.filter(enabled);
    if (enforcing.length > 0) return { status: 'pass', evidence: `Conditional Access requires MFA of all users for all apps: ${names(enforcing)}.`, details: { policies: enforcing.map((p) => p.id) } };
    if (ca && !ca.available) return { status: 'fail', evidence: `Security defaults are off and Conditional Access is not available (${ca.reason ?? 'no licence'}): nothing requires MFA.` };
    const reportOnly = requiring.filter((p) => !enabled(p));
    return {
      status: 'fail',
      evidence: reportOnly.length > 0 ? `Security defaults are off and the only all-users MFA policies are not enforced: ${names(reportOnly)}.` : 'Security defaults are off and no enabled Conditional Access policy requires MFA of all users for all apps.',
      details: { notEnforced: reportOnly.map((p) => p.id) },
    };
  },
});
