import { defineCheck } from '../../sdk/define-check.js';
import { examples, flagIs, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-CONN-1',
  title: 'DocuSign Connect only posts to HTTPS listeners',
  severity: 'high',
  rationale: 'Connect messages carry envelope data and, optionally, the signed documents; a plain-HTTP listener sends them readable to anyone on the path.',
  remediation: 'DocuSign eSignature Admin → Connect → Settings: clear "Allow HTTP listeners" (allowConnectHttpListenerConfigs), and move any http:// configuration to https://.',
  reference: 'Parapet DocuSign baseline DS-CONN-1',
  expected: 'allowConnectHttpListenerConfigs = "false"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { allowConnectHttpListenerConfigs: 'false' } }], [{ settings: { allowConnectHttpListenerConfigs: 'true' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, judge: flagIs('allowConnectHttpListenerConfigs', false, 'Connect posts over HTTPS only') }),
});
