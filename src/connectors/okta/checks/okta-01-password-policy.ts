import { defineCheck } from '../../sdk/define-check.js';
import { num } from '../../sdk/normalize-helpers.js';
import { activePolicies, at, nameOf } from './settings-read.js';

const MIN_LENGTH = 12;
const MAX_ATTEMPTS = 10;

export default defineCheck({
  id: 'OKTA-01',
  title: 'Password policies require 12+ characters, block common passwords and lock out guessing',
  severity: 'high',
  rationale: 'Short or common passwords fall to spraying and stuffing; without a lockout, guessing goes on unchecked. Every active password policy applies to some people, so each must hold the line.',
  remediation: `Admin Console → Security → Authenticators → Password → edit each policy: minimum length ${MIN_LENGTH} or more, "Restrict use of common passwords" on, and "Lock out user after" ${MAX_ATTEMPTS} or fewer unsuccessful attempts.`,
  reference: 'CIS Okta benchmark 1.1; NIST SP 800-63B §5.1.1',
  evaluate(settings) {
    const policies = activePolicies(settings, 'PASSWORD');
    if (policies === null) return { status: 'not_applicable', evidence: 'Password policies were not collected.' };
    if (policies.length === 0) return { status: 'not_applicable', evidence: 'No active password policy was found.' };
    const problems: string[] = [];
    for (const p of policies) {
      const minLength = num(at(p, 'settings.password.complexity.minLength')) ?? 8;
      const common = at(p, 'settings.password.complexity.dictionary.common.exclude') === true;
      const attempts = num(at(p, 'settings.password.lockout.maxAttempts')) ?? 0;
      if (minLength < MIN_LENGTH) problems.push(`${nameOf(p)} allows ${minLength}-character passwords`);
      if (!common) problems.push(`${nameOf(p)} does not block common passwords`);
      if (attempts === 0 || attempts > MAX_ATTEMPTS) problems.push(`${nameOf(p)} ${attempts === 0 ? 'never locks out' : `locks out only after ${attempts} attempts`}`);
    }
    if (problems.length === 0) return { status: 'pass', evidence: `All ${policies.length} active password policies require ${MIN_LENGTH}+ characters, block common passwords and lock out after at most ${MAX_ATTEMPTS} attempts.` };
    return { status: 'fail', evidence: `${problems.join('; ')}.`, details: { problems } };
  },
});
