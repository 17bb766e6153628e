import { defineCheck } from '../../sdk/define-check.js';
import { examples, numberBound, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-SESS-1',
  title: 'Web sessions sign out after 30 idle minutes or less',
  severity: 'high',
  rationale: 'An unattended browser left signed in to DocuSign lets anyone at the desk send, void or download agreements as that user; DocuSign allows idle timeouts up to 120 minutes.',
  remediation: 'DocuSign eSignature Admin → Security Settings → "Session timeout": set 30 minutes or less (20 is the minimum), then Save. Repeat in every account of the organisation.',
  reference: 'Parapet DocuSign baseline DS-SESS-1 (NIST SP 800-63B §7.2 reauthentication after inactivity)',
  expected: 'sessionTimeout ≤ 30 minutes',
  worseWhen: 'higher',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { sessionTimeout: '20' } }, { settings: { sessionTimeout: 30 } }], [{ settings: { sessionTimeout: '60' } }, { settings: { sessionTimeout: '120' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, worseWhen: 'higher', judge: numberBound('sessionTimeout', { atMost: 30 }, 'minutes') }),
});
