import { describe, expect, it } from 'vitest';
import { entraSignInResult, passwordProvenAt, signInFailureKind } from './sign-in-outcomes.js';

describe('sign-in outcomes', () => {
  it('reads Entra codes: 0 succeeds, interrupts are no failure, failures have their kind', () => {
    expect(entraSignInResult(0)).toEqual({ outcome: 'success' });
    expect(entraSignInResult('50074')).toMatchObject({ outcome: 'interrupted', reason: 'Interrupted, not failed: strong authentication (MFA) required (AADSTS50074)' });
    expect(entraSignInResult(50126)).toEqual({ outcome: 'failure', kind: 'wrong_password', reason: 'invalid user name or password (AADSTS50126)' });
    expect(entraSignInResult(50126, 'Invalid username or password.')).toMatchObject({ reason: 'Invalid username or password.' });
    expect(entraSignInResult(9_999_999)).toEqual({ outcome: 'failure', kind: 'other', reason: null });
    expect(entraSignInResult(null)).toBeNull();
    expect(entraSignInResult('')).toBeNull();
    expect(entraSignInResult('abc')).toBeNull();
  });

  it('reads other providers by their words, Entra by its code first', () => {
    expect(signInFailureKind('okta', null, 'LOCKED_OUT')).toBe('locked');
    expect(signInFailureKind('okta', null, 'INVALID_CREDENTIALS')).toBe('wrong_password');
    expect(signInFailureKind('docusign', null, 'User not found')).toBe('unknown_user');
    expect(signInFailureKind('microsoft365', '50053', 'Invalid password')).toBe('locked');
    expect(signInFailureKind('okta', null, null)).toBe('other');
  });

  it('a sign-in stopped after Entra checked the password proves it right: MFA prompts, expired passwords, Conditional Access', () => {
    expect(passwordProvenAt('microsoft365', 'interrupted', '50076')).toBe('strong authentication (MFA) required by location or policy (AADSTS50076)');
    for (const code of ['50072', '50074', '50079', '50125', '50140', '50158', '50203']) expect(passwordProvenAt('microsoft365', 'interrupted', code), code).not.toBeNull();
    expect(passwordProvenAt('microsoft365', 'failure', '50055')).toBe('the password has expired (AADSTS50055)');
    expect(passwordProvenAt('microsoft365', 'failure', '53003')).toBe('blocked by Conditional Access (AADSTS53003)');
  });

  it("Google's second-factor failures come after the password: a wrong or a missing 2-Step Verification proves it right", () => {
    expect(passwordProvenAt('google-workspace', 'failure', 'login_failure_invalid_second_factor')).toBe('2-Step Verification, with a wrong second factor (Google login_failure_invalid_second_factor)');
    expect(passwordProvenAt('google-workspace', 'failure', 'login_failure_missing_second_factor')).toBe('2-Step Verification, never completed (Google login_failure_missing_second_factor)');
    for (const code of ['login_failure_invalid_password', 'login_failure_account_disabled', 'login_failure_unknown', 'login_failure_invalid_second_factor_extra']) expect(passwordProvenAt('google-workspace', 'failure', code), code).toBeNull();
    // Google's codes from another provider, or on another outcome, prove nothing.
    expect(passwordProvenAt('okta', 'failure', 'login_failure_invalid_second_factor')).toBeNull();
    expect(passwordProvenAt('google-workspace', 'unknown', 'login_failure_invalid_second_factor')).toBeNull();
  });

  it('prompts before the password, real failures, successes and other providers prove nothing', () => {
    for (const code of ['16000', '16001', '16002', '50058', '50097', '81010']) expect(passwordProvenAt('microsoft365', 'interrupted', code), code).toBeNull();
    for (const code of ['50126', '50053', '50034', '50057', '500121', '12345']) expect(passwordProvenAt('microsoft365', 'failure', code), code).toBeNull();
    expect(passwordProvenAt('microsoft365', 'success', '0')).toBeNull();
    // An interrupt code on a failure, a failure code on an interrupt: each is read by its own table only.
    expect(passwordProvenAt('microsoft365', 'failure', '50076')).toBeNull();
    expect(passwordProvenAt('microsoft365', 'interrupted', '53003')).toBeNull();
    expect(passwordProvenAt('okta', 'failure', 'PASSWORD_EXPIRED')).toBeNull();
    expect(passwordProvenAt('okta', 'interrupted', '50076')).toBeNull();
    expect(passwordProvenAt('okta', 'failure', '53003')).toBeNull();
    expect(passwordProvenAt('microsoft365', 'interrupted', null)).toBeNull();
  });
});
