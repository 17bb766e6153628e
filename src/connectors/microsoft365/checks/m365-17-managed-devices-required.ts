import { defineCheck } from '../../sdk/define-check.js';
import { allUsersAllApps, conditionalAccess, enabled, includesCi, names } from './settings-read.js';

export default defineCheck({
  id: 'M365-17',
  title: 'Sign-in needs a managed device (compliant or hybrid-joined)',
  severity: 'medium',
  rationale: 'A stolen password and MFA prompt used from an attacker\'s own machine fail when access also needs a device the organisation manages; it also keeps data off unmanaged personal devices.',
  remediation:
    'Entra admin center → Protection → Conditional Access: create an enabled policy for All users and All cloud apps whose grant requires "device to be marked as compliant" or "Microsoft Entra hybrid joined device" (exclude the break-glass accounts).',
  reference: 'CISA ScubaGear MS.AAD.3.7',
  expected: 'an enabled all-users, all-apps Conditional Access policy requiring a compliant or hybrid-joined device',
  evaluate(settings) {
    const ca = conditionalAccess(settings);
    if (ca === null) return { status: 'not_applicable', evidence: 'Conditional Access policies were not collected.' };
    if (!ca.available) return { status: 'not_applicable', evidence: `Conditional Access is not available (${ca.reason ?? 'no licence'}).` };
    const requiring = ca.policies.filter((p) => allUsersAllApps(p) && (includesCi(p.builtInControls, 'compliantDevice') || includesCi(p.builtInControls, 'domainJoinedDevice')));
    const enforcing = requiring.filter(enabled);
    if (enforcing.length > 0) return { status: 'pass', evidence: `Conditional Access requires a managed device for all users and apps: ${names(enforcing)}.`, details: { policies: enforcing.map((p) => p.id) } };
    return {
      status: 'fail',
      evidence: requiring.length > 0 ? `The only managed-device policies are not enforced: ${names(requiring)}.` : 'No enabled Conditional Access policy requires a compliant or hybrid-joined device for all users and apps.',
    };
  },
});
