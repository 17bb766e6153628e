import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { activePolicies, at, nameOf } from './settings-read.js';

/** Authenticators that are a second factor (the password and e-mail alone are not). */
const STRONG = new Set(['okta_verify', 'webauthn', 'google_otp', 'yubikey_token', 'rsa_token', 'symantec_vip', 'duo', 'custom_otp', 'smart_card_idp']);

export default defineCheck({
  id: 'OKTA-03',
  title: 'Every authenticator enrolment policy requires a strong second factor',
  severity: 'high',
  rationale: 'People only get MFA if enrolment requires it. A policy whose strong authenticators are all optional leaves its members on a password alone (or on SMS).',
  remediation: 'Admin Console → Security → Authenticators → Enrollment → edit each policy: set Okta Verify or FIDO2 (WebAuthn) to "Required".',
  reference: 'CIS Okta benchmark 1.3; CISA phishing-resistant MFA guidance',
  evaluate(settings) {
    const policies = activePolicies(settings, 'MFA_ENROLL');
    if (policies === null) return { status: 'not_applicable', evidence: 'Authenticator enrolment policies were not collected.' };
    if (policies.length === 0) return { status: 'fail', evidence: 'No active authenticator enrolment policy: nobody is required to enrol a second factor.' };
    const weak = policies.filter((p) => {
      const list = at(p, 'settings.authenticators');
      const authenticators = Array.isArray(list) ? list.map((a) => asRecord(a)).filter((a) => a !== null) : [];
      return !authenticators.some((a) => STRONG.has(str(a.key) ?? '') && at(a, 'enroll.self') === 'REQUIRED');
    });
    if (weak.length === 0) return { status: 'pass', evidence: `All ${policies.length} active enrolment policies require a strong authenticator.` };
    return { status: 'fail', evidence: `${weak.map(nameOf).join(', ')} require${weak.length === 1 ? 's' : ''} no strong authenticator: their members may have none.`, details: { policies: weak.map((p) => str(p.id)) } };
  },
});
