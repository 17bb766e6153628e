import { defineCheck } from '../../sdk/define-check.js';
import { allUsersAllApps, blocks, conditionalAccess, enabled, includesCi, names, securityDefaultsOn } from './settings-read.js';

export default defineCheck({
  id: 'M365-02',
  title: 'Legacy authentication is blocked',
  severity: 'high',
  rationale: 'Legacy protocols (IMAP, POP, SMTP AUTH, Exchange ActiveSync basic auth) cannot do MFA, so password-spray and credential-stuffing attacks use them to get around it.',
  remediation:
    'Create an enabled Conditional Access policy for All users and All cloud apps, condition Client apps = Exchange ActiveSync clients and Other clients, grant = Block access, with no excluded roles (or turn on security defaults, which also block legacy authentication).',
  reference: 'CISA ScubaGear MS.AAD.1.1',
  evaluate(settings) {
    const defaults = securityDefaultsOn(settings);
    const ca = conditionalAccess(settings);
    if (defaults === null && ca === null) return { status: 'not_applicable', evidence: 'Neither security defaults nor Conditional Access policies were collected.' };
    if (defaults === true) return { status: 'pass', evidence: 'Security defaults are on, which block legacy authentication.' };
    const candidates = (ca?.policies ?? []).filter((p) => allUsersAllApps(p) && blocks(p) && includesCi(p.clientAppTypes, 'exchangeActiveSync') && includesCi(p.clientAppTypes, 'other'));
    const good = candidates.filter((p) => enabled(p) && p.excludeRoles.length === 0);
    if (good.length > 0) return { status: 'pass', evidence: `Legacy authentication is blocked for everyone by ${names(good)}.` };
    if (candidates.length > 0) {
      return { status: 'fail', evidence: `Policies block legacy authentication but are not enforced or exclude roles: ${names(candidates)}.`, details: { policies: candidates.map((p) => p.id) } };
    }
    return { status: 'fail', evidence: ca && !ca.available ? `Security defaults are off and Conditional Access is unavailable (${ca.reason ?? 'no licence'}): legacy authentication is allowed.` : 'No enabled Conditional Access policy blocks legacy authentication (Exchange ActiveSync and other clients) for all users.' };
  },
});
