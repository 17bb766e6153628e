/**
 * What a sign-in's result code means, as the identity provider means it: a real failure (and which kind,
 * so that password-spray detection can tell a wrong password from a locked or non-existent account), or an
 * interruption that asks the person for one more step (MFA, "stay signed in?", device registration) and is
 * not a failed password. Shared by the connectors' normalisers (which set `outcome`) and by detection
 * (which reads `outcomeCode` back), so both read one table.
 */

/** Why a sign-in did not succeed. */
export const SIGN_IN_FAILURE_KINDS = ['wrong_password', 'locked', 'unknown_user', 'disabled', 'password_expired', 'mfa_failed', 'blocked', 'other'] as const;
export type SignInFailureKind = (typeof SIGN_IN_FAILURE_KINDS)[number];

export type SignInResult =
  | { outcome: 'success' }
  | { outcome: 'interrupted'; reason: string }
  | { outcome: 'failure'; kind: SignInFailureKind; reason: string | null };

/**
 * Entra (AADSTS) codes that interrupt a sign-in for another step; the sign-in usually completes a moment
 * later under the same correlation id. From Microsoft's AADSTS reference
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes): the "...Interrupt" codes,
 * the MFA-required and registration-required codes, device-authentication and account-selection prompts.
 */
export const ENTRA_INTERRUPTS: Readonly<Record<number, string>> = {
  16000: 'account selection required (several accounts are signed in)',
  16001: 'account selection required (the selected account is not valid for this app)',
  16002: 'app session selection required',
  50058: 'silent sign-in found no session: the person is asked to sign in',
  50072: 'MFA registration required before signing in',
  50074: 'strong authentication (MFA) required',
  50076: 'strong authentication (MFA) required by location or policy',
  50079: 'MFA registration required',
  50097: 'device authentication required',
  50125: 'password-reset registration required',
  50129: 'device must be workplace-joined',
  50140: '"Keep me signed in?" prompt',
  50158: 'external security challenge (third-party MFA) not yet satisfied',
  50199: 'security confirmation prompt for the app',
  50203: 'the person has not registered the Authenticator app yet',
  81010: 'seamless SSO ticket not usable: falls back to a sign-in prompt',
  81012: 'seamless SSO user mismatch: falls back to a sign-in prompt',
  81014: 'seamless SSO attempt not accepted: falls back to a sign-in prompt',
};

/**
 * Interrupt codes Entra gives only once the password was checked and right: the step it stopped at comes
 * after the password (MFA, its registration, "stay signed in?"). Password-spray tools read them the same
 * way: MSOLSpray reports 50076, 50079 and 50158 as found passwords. Account selection (16000-16002), a
 * silent sign-in without a session (50058) and the seamless-SSO fallbacks come before any password.
 */
const ENTRA_AFTER_PASSWORD: ReadonlySet<number> = new Set([50072, 50074, 50076, 50079, 50125, 50140, 50158, 50203]);

/** Entra codes that are real failures, by kind (anything else non-zero and not an interrupt: `other`). */
const ENTRA_FAILURES: Readonly<Record<number, [SignInFailureKind, string]>> = {
  50126: ['wrong_password', 'invalid user name or password'],
  50056: ['wrong_password', 'no password or an invalid one for this user'],
  50053: ['locked', 'account locked (smart lockout or too many attempts), or the address is blocked'],
  50034: ['unknown_user', 'the account does not exist in the directory'],
  16003: ['unknown_user', 'the account was not found in the resource tenant'],
  50020: ['unknown_user', 'the user is not in the tenant'],
  50057: ['disabled', 'the account is disabled'],
  50055: ['password_expired', 'the password has expired'],
  50144: ['password_expired', 'the Active Directory password has expired'],
  500121: ['mfa_failed', 'strong authentication (MFA) failed or was denied'],
  53000: ['blocked', 'blocked by Conditional Access: the device is not compliant'],
  53001: ['blocked', 'blocked by Conditional Access: the device is not domain-joined'],
  53003: ['blocked', 'blocked by Conditional Access'],
  530032: ['blocked', 'blocked by security policy'],
};

/** The meaning of an Entra sign-in result code (`ErrorNumber`, `status.errorCode`). */
export function entraSignInResult(code: number | string | null, providerReason: string | null = null): SignInResult | null {
  if (code === null || code === '') return null;
  const n = typeof code === 'number' ? code : Number(code);
  if (!Number.isInteger(n)) return null;
  if (n === 0) return { outcome: 'success' };
  const interrupt = ENTRA_INTERRUPTS[n];
  if (interrupt) return { outcome: 'interrupted', reason: `Interrupted, not failed: ${interrupt} (AADSTS${n})` };
  const failure = ENTRA_FAILURES[n];
  if (failure) return { outcome: 'failure', kind: failure[0], reason: providerReason ?? `${failure[1]} (AADSTS${n})` };
  return { outcome: 'failure', kind: 'other', reason: providerReason };
}

/**
 * The kind of a failed sign-in from what any provider wrote: Entra codes by the table above, otherwise the
 * provider's words (Okta `INVALID_CREDENTIALS` / `LOCKED_OUT`, DocuSign and others in prose).
 */
export function signInFailureKind(provider: string, outcomeCode: string | null, outcomeReason: string | null): SignInFailureKind {
  if (provider === 'microsoft365' && outcomeCode !== null) {
    const result = entraSignInResult(outcomeCode);
    if (result?.outcome === 'failure') return result.kind;
  }
  const text = `${outcomeCode ?? ''} ${outcomeReason ?? ''}`.toLowerCase();
  if (/lock/.test(text)) return 'locked';
  if (/not[ _-]?found|unknown[ _-]?user|no such user|does not exist|doesn't exist|accountnotfound/.test(text)) return 'unknown_user';
  if (/disabled|suspended|deactivated/.test(text)) return 'disabled';
  if (/expired/.test(text)) return 'password_expired';
  if (/password|credential/.test(text)) return 'wrong_password';
  if (/mfa|factor|verification/.test(text)) return 'mfa_failed';
  return 'other';
}

/** Failure kinds Entra reports only for the right password: it expired, or policy refused the sign-in after it. */
const AFTER_PASSWORD_KINDS: readonly SignInFailureKind[] = ['password_expired', 'blocked'];

/**
 * Google Workspace `login_failure_type` values for a sign-in that failed at 2-Step Verification: Google asks
 * for the second step only once the first (the password, or the identity provider's sign-in) was accepted.
 * From the Login audit activity events reference.
 */
const GOOGLE_AFTER_PASSWORD: Readonly<Record<string, string>> = {
  login_failure_invalid_second_factor: '2-Step Verification, with a wrong second factor',
  login_failure_missing_second_factor: '2-Step Verification, never completed',
};

/**
 * Where a sign-in that did not complete stopped, when it still proves the password right (Entra asked for
 * the next step, or refused for a reason it checks after the password; Google's 2-Step Verification failed),
 * in words with the code; else null. Whoever tried now knows the password, whatever stopped them. Other
 * providers' words are not read for this: "expired" or "blocked" in prose may be about a session or an
 * address, not the password.
 */
export function passwordProvenAt(provider: string, outcome: string, outcomeCode: string | null): string | null {
  if (provider === 'google-workspace' && outcome === 'failure' && outcomeCode !== null && Object.hasOwn(GOOGLE_AFTER_PASSWORD, outcomeCode)) {
    return `${GOOGLE_AFTER_PASSWORD[outcomeCode]} (Google ${outcomeCode})`;
  }
  if (provider !== 'microsoft365' || outcomeCode === null) return null;
  const n = Number(outcomeCode);
  if (outcome === 'interrupted') return ENTRA_AFTER_PASSWORD.has(n) ? `${ENTRA_INTERRUPTS[n]} (AADSTS${n})` : null;
  const failure = outcome === 'failure' ? ENTRA_FAILURES[n] : undefined;
  return failure && AFTER_PASSWORD_KINDS.includes(failure[0]) ? `${failure[1]} (AADSTS${n})` : null;
}
