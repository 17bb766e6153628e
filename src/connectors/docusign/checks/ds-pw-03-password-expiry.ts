import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readBool, readNumber, SETTINGS_SCOPES, unreadable } from './settings-read.js';

export default defineCheck({
  id: 'DS-PW-3',
  title: 'Passwords are not force-rotated more often than every 90 days',
  severity: 'low',
  rationale: 'Frequent forced rotation makes people pick predictable successors (Spring2026!, Summer2026!); NIST advises changing a password only on evidence of compromise.',
  remediation: 'DocuSign eSignature Admin → Security Settings → Password → clear "Password expires", or set it to 90 days or more.',
  reference: 'Parapet DocuSign baseline DS-PW-3 (NIST SP 800-63B §5.1.1.2)',
  expected: 'expirePassword = "false", or expirePasswordDays ≥ 90',
  worseWhen: 'lower',
  requires: SETTINGS_SCOPES,
  examples: examples([{ rules: { expirePassword: 'false' } }, { rules: { expirePassword: 'true', expirePasswordDays: '180' } }], [{ rules: { expirePassword: 'true', expirePasswordDays: '30' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'password_rules',
      requires: SETTINGS_SCOPES,
      worseWhen: 'lower',
      judge(doc) {
        const expires = readBool(doc, 'expirePassword');
        if (!expires.ok) return unreadable(expires);
        if (!expires.value) return { status: 'pass', evidence: 'expirePassword is "false" (no forced rotation)' };
        const days = readNumber(doc, 'expirePasswordDays');
        if (!days.ok) return unreadable(days);
        const pass = days.value >= 90;
        return { status: pass ? 'pass' : 'fail', evidence: `passwords expire every ${days.value} days${pass ? '' : ' (want 90 or more, or no expiry)'}`, observed: days.value };
      },
    }),
});
