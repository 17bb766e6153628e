import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readBool, readEnum, SETTINGS_SCOPES, unreadable } from './settings-read.js';

const CLASSES = ['passwordIncludeUpperCase', 'passwordIncludeLowerCase', 'passwordIncludeDigit', 'passwordIncludeSpecialCharacter'] as const;

export default defineCheck({
  id: 'DS-PW-1',
  title: 'Passwords must be strong (upper, lower, digit and special characters)',
  severity: 'high',
  rationale: 'DocuSign\'s default "basic" rule accepts any six characters, which guessing and password-spraying break quickly; accounts signed in with a DocuSign password have no other protection.',
  remediation:
    'DocuSign eSignature Admin → Security Settings → Password → "Password strength": choose Strong, or Custom with upper case, lower case, a digit and a special character all required. Better still, require SSO for every user (Admin → Identity Providers).',
  reference: 'Parapet DocuSign baseline DS-PW-1 (CIS Controls v8 5.2)',
  expected: 'passwordStrengthType = strong, or custom requiring upper, lower, digit and special',
  requires: SETTINGS_SCOPES,
  examples: examples(
    [{ rules: { passwordStrengthType: 'strong' } }, { rules: {} }],
    [{ rules: { passwordStrengthType: 'basic' } }, { rules: { passwordStrengthType: 'custom', passwordIncludeSpecialCharacter: 'false' } }],
  ),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'password_rules',
      requires: SETTINGS_SCOPES,
      judge(doc) {
        const type = readEnum(doc, 'passwordStrengthType', ['basic', 'medium', 'strong', 'custom'] as const);
        if (!type.ok) return unreadable(type);
        if (type.value === 'strong') return { status: 'pass', evidence: 'passwordStrengthType is "strong"' };
        if (type.value !== 'custom') return { status: 'fail', evidence: `passwordStrengthType is "${type.value}"` };
        const missing: string[] = [];
        for (const field of CLASSES) {
          const read = readBool(doc, field);
          if (!read.ok) return unreadable(read);
          if (!read.value) missing.push(field);
        }
        return missing.length === 0
          ? { status: 'pass', evidence: 'passwordStrengthType is "custom" requiring upper, lower, digit and special characters' }
          : { status: 'fail', evidence: `passwordStrengthType is "custom" but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} "false"` };
      },
    }),
});
