import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { activePolicies, activeRules, at, nameOf } from './settings-read.js';

export default defineCheck({
  id: 'OKTA-04',
  title: 'The Okta Admin Console requires two factors',
  severity: 'critical',
  rationale: 'An admin account signed in with a password alone can change every policy and take over every app. Okta lets the Admin Console have its own authentication policy; it must demand two factors in every rule that allows access.',
  remediation: 'Admin Console → Security → Authentication Policies → "Okta Admin Console" → edit each rule that allows access: "User must authenticate with" Password + Another factor (or Any 2 factor types), with re-authentication every time or within minutes.',
  reference: 'Okta security technical implementation guide (STIG) V-273186',
  evaluate(settings) {
    const policies = activePolicies(settings, 'ACCESS_POLICY');
    if (policies === null) return { status: 'not_applicable', evidence: 'App authentication policies were not collected.' };
    const admin = policies.filter((p) => /admin console/i.test(str(p.name) ?? ''));
    if (admin.length === 0) return { status: 'fail', evidence: 'No active authentication policy is named for the Okta Admin Console, so it falls back to a default policy that may allow one factor.' };
    const weak = admin.flatMap((p) => activeRules(p).filter((r) => at(r, 'actions.appSignOn.access') !== 'DENY' && at(r, 'actions.appSignOn.verificationMethod.factorMode') !== '2FA').map((r) => `${nameOf(p)} rule ${nameOf(r)}`));
    if (weak.length === 0) return { status: 'pass', evidence: `Every rule of ${admin.map(nameOf).join(', ')} that allows access requires two factors.` };
    return { status: 'fail', evidence: `${weak.join(', ')} allow${weak.length === 1 ? 's' : ''} the Admin Console with one factor.`, details: { rules: weak } };
  },
});
