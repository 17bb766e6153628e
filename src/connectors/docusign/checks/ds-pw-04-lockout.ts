import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readEnum, readNumber, SETTINGS_SCOPES, unreadable } from './settings-read.js';

const MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

export default defineCheck({
  id: 'DS-PW-4',
  title: 'Three failed sign-ins lock the user out for 15 minutes or more',
  severity: 'medium',
  rationale: 'DocuSign locks a user out after three wrong passwords for only 2 minutes by default: an attacker can keep guessing at about 90 passwords an hour per user.',
  remediation: 'DocuSign eSignature Admin → Security Settings → Password → "Lockout duration": 15 minutes or more (or hours/days).',
  reference: 'Parapet DocuSign baseline DS-PW-4 (NIST SP 800-63B §5.2.2 rate limiting)',
  expected: 'lockout duration ≥ 15 minutes',
  worseWhen: 'lower',
  requires: SETTINGS_SCOPES,
  examples: examples([{ rules: { lockoutDurationMinutes: '15' } }, { rules: { lockoutDurationType: 'hours', lockoutDurationMinutes: '1' } }], [{ rules: { lockoutDurationMinutes: '2' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'password_rules',
      requires: SETTINGS_SCOPES,
      worseWhen: 'lower',
      judge(doc) {
        const unit = readEnum(doc, 'lockoutDurationType', ['minutes', 'hours', 'days'] as const);
        if (!unit.ok) return unreadable(unit);
        const amount = readNumber(doc, 'lockoutDurationMinutes');
        if (!amount.ok) return unreadable(amount);
        const minutes = amount.value * MINUTES[unit.value];
        const pass = minutes >= 15;
        return { status: pass ? 'pass' : 'fail', evidence: `a lockout lasts ${amount.value} ${unit.value}${pass ? '' : ' (want at least 15 minutes)'}`, observed: minutes };
      },
    }),
});
