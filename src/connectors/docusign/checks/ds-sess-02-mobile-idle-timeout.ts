import { defineCheck } from '../../sdk/define-check.js';
import { examples, numberBound, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-SESS-2',
  title: 'Mobile app sessions sign out after 20 idle minutes or less',
  severity: 'medium',
  rationale: 'Phones are lost and shared more often than desktops; a long mobile idle timeout leaves agreements open on a device that is no longer in its owner\'s hands.',
  remediation: 'DocuSign eSignature Admin → Security Settings → "Mobile session timeout": set 20 minutes or less, then Save, in every account.',
  reference: 'Parapet DocuSign baseline DS-SESS-2',
  expected: 'mobileSessionTimeout ≤ 20 minutes',
  worseWhen: 'higher',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { mobileSessionTimeout: '15' } }, { settings: { mobileSessionTimeout: '20' } }], [{ settings: { mobileSessionTimeout: '45' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, worseWhen: 'higher', judge: numberBound('mobileSessionTimeout', { atMost: 20 }, 'minutes') }),
});
