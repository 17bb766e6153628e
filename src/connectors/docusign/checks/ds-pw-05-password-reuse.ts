import { defineCheck } from '../../sdk/define-check.js';
import { examples, numberBound, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-PW-5',
  title: 'A new password must be kept at least a day (no cycling back to the old one)',
  severity: 'low',
  rationale:
    'DocuSign remembers previous passwords but has no history-depth setting; with a minimum age of 0 days a user can change the password several times in a row and be back on the old, possibly leaked, one.',
  remediation: 'DocuSign eSignature Admin → Security Settings → Password → "Minimum password age": 1 day or more.',
  reference: 'Parapet DocuSign baseline DS-PW-5 (CIS Controls v8 5.2, password history)',
  expected: 'minimumPasswordAgeDays ≥ 1',
  worseWhen: 'lower',
  requires: SETTINGS_SCOPES,
  examples: examples([{ rules: { minimumPasswordAgeDays: '1' } }], [{ rules: { minimumPasswordAgeDays: '0' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'password_rules', requires: SETTINGS_SCOPES, worseWhen: 'lower', judge: numberBound('minimumPasswordAgeDays', { atLeast: 1 }, 'days') }),
});
