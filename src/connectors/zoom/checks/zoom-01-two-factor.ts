import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { doc, NOT_COLLECTED } from './read-settings.js';

export default defineCheck({
  id: 'ZOOM-01',
  title: 'Two-factor sign-in is required for every user',
  severity: 'high',
  rationale: 'Without two-factor authentication a phished or reused Zoom password is enough to join as the user, read their cloud recordings and, for admins, change the account’s security settings.',
  remediation: 'In the Zoom web portal → Admin → Advanced → Security, turn on "Sign in with Two-Factor Authentication" for all users in the account (or sign in through SSO with MFA at the identity provider).',
  reference: 'Zoom: account security settings (sign_in_with_two_factor_auth)',
  expected: 'sign_in_with_two_factor_auth = all',
  requires: ['account:read:admin'],
  evaluate(settings) {
    const security = doc(settings, 'security');
    if (!security) return { status: 'not_applicable', evidence: NOT_COLLECTED };
    const value = str(security.sign_in_with_two_factor_auth);
    if (value === 'all') return { status: 'pass', evidence: 'Two-factor sign-in is required for all users.' };
    if (value === 'group' || value === 'role') {
      const list = security[`sign_in_with_two_factor_auth_${value}s`];
      return { status: 'fail', evidence: `Two-factor sign-in is required only for some ${value}s (${Array.isArray(list) ? list.length : 0}); everyone else signs in with a password alone.`, details: { value } };
    }
    return { status: 'fail', evidence: `Two-factor sign-in is off (sign_in_with_two_factor_auth = ${value ?? 'unset'}).`, details: { value } };
  },
});
