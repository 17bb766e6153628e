import { defineCheck } from '../../sdk/define-check.js';
import { PRIVILEGED_ROLE_IDS } from '../directory-roles.js';
import { conditionalAccess, enabled, includesCi, names } from './settings-read.js';

const PHISHING_RESISTANT = ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'];

export default defineCheck({
  id: 'M365-03',
  title: 'Administrators must use phishing-resistant MFA',
  severity: 'high',
  rationale: 'Push, SMS and one-time codes can be phished or relayed by adversary-in-the-middle kits; FIDO2 keys, Windows Hello and certificate-based MFA cannot, and administrators are the accounts attackers want most.',
  remediation:
    'Create an enabled Conditional Access policy that includes every privileged directory role (Global, Privileged Role, Security, Privileged Authentication, User, Exchange, SharePoint, Application, Cloud Application and Hybrid Identity Administrator) for All cloud apps, with grant "Require authentication strength" = Phishing-resistant MFA.',
  reference: 'CISA ScubaGear MS.AAD.3.6',
  evaluate(settings) {
    const ca = conditionalAccess(settings);
    if (ca === null) return { status: 'not_applicable', evidence: 'Conditional Access policies were not collected.' };
    if (!ca.available) return { status: 'fail', evidence: `Conditional Access is unavailable (${ca.reason ?? 'no licence'}), so nothing can require phishing-resistant MFA of administrators.` };
    const coversAdmins = ca.policies.filter((p) => [...PRIVILEGED_ROLE_IDS].every((role) => includesCi(p.includeRoles, role)));
    const good = coversAdmins.filter((p) => enabled(p) && p.authenticationStrength !== null && p.authenticationStrength.length > 0 && p.authenticationStrength.every((c) => includesCi(PHISHING_RESISTANT, c)));
    if (good.length > 0) return { status: 'pass', evidence: `Privileged roles must use phishing-resistant MFA: ${names(good)}.` };
    if (coversAdmins.length > 0) return { status: 'fail', evidence: `Policies cover the privileged roles but do not require a phishing-resistant authentication strength (or are not enforced): ${names(coversAdmins)}.` };
    return { status: 'fail', evidence: 'No Conditional Access policy targets all privileged directory roles with phishing-resistant MFA.' };
  },
});
