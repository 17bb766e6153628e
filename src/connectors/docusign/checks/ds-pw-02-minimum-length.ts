import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readEnum, readNumber, SETTINGS_SCOPES, unreadable } from './settings-read.js';

/** The length each preset enforces (digest §4.1); `custom` uses `minimumPasswordLength`. */
const PRESET_LENGTH = { basic: 6, medium: 7, strong: 9 } as const;

export default defineCheck({
  id: 'DS-PW-2',
  title: 'Passwords are at least 12 characters long',
  severity: 'high',
  rationale: 'Length is what makes a password hard to guess; DocuSign\'s presets stop at 9 characters, so 12 or more needs the Custom rule.',
  remediation: 'DocuSign eSignature Admin → Security Settings → Password → "Password strength": Custom, "Minimum length" 12 or more (DocuSign allows up to 15).',
  reference: 'Parapet DocuSign baseline DS-PW-2 (NIST SP 800-63B §3.1.1.2)',
  expected: 'effective minimum password length ≥ 12',
  worseWhen: 'lower',
  requires: SETTINGS_SCOPES,
  examples: examples([{ rules: { minimumPasswordLength: '12' } }, { rules: { minimumPasswordLength: '15' } }], [{ rules: { minimumPasswordLength: '8' } }, { rules: { passwordStrengthType: 'strong' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'password_rules',
      requires: SETTINGS_SCOPES,
      worseWhen: 'lower',
      judge(doc) {
        const type = readEnum(doc, 'passwordStrengthType', ['basic', 'medium', 'strong', 'custom'] as const);
        if (!type.ok) return unreadable(type);
        let length: number;
        let source: string;
        if (type.value === 'custom') {
          const read = readNumber(doc, 'minimumPasswordLength');
          if (!read.ok) return unreadable(read);
          length = read.value;
          source = `minimumPasswordLength is ${length}`;
        } else {
          length = PRESET_LENGTH[type.value];
          source = `the "${type.value}" preset enforces ${length} characters`;
        }
        return { status: length >= 12 ? 'pass' : 'fail', evidence: length >= 12 ? source : `${source} (want at least 12)`, observed: length };
      },
    }),
});
