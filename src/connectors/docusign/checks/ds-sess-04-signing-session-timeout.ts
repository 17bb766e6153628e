import { defineCheck } from '../../sdk/define-check.js';
import { examples, numberBound, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-SESS-4',
  title: 'Signing sessions expire after 20 idle minutes or less',
  severity: 'low',
  rationale: 'A signing session left open on a shared or public computer lets the next person read or sign the agreement in the recipient\'s name.',
  remediation: 'DocuSign eSignature Admin → Security Settings → "Signing session timeout": set 20 minutes or less.',
  reference: 'Parapet DocuSign baseline DS-SESS-4',
  expected: 'signingSessionTimeout ≤ 20 minutes',
  worseWhen: 'higher',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { signingSessionTimeout: '20' } }], [{ settings: { signingSessionTimeout: '60' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, worseWhen: 'higher', judge: numberBound('signingSessionTimeout', { atMost: 20 }, 'minutes') }),
});
