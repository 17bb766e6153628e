import { defineCheck } from '../../sdk/define-check.js';
import { examples, flagIs, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-SESS-3',
  title: 'A user cannot be signed in from several sessions at once',
  severity: 'low',
  rationale: 'With concurrent sessions blocked, a stolen session cookie or password used elsewhere ends the owner\'s session, which makes the takeover visible.',
  remediation: 'DocuSign eSignature Admin → Security Settings → enable "Disable multiple sessions" (disableMultipleSessions), then Save.',
  reference: 'Parapet DocuSign baseline DS-SESS-3 (advisory)',
  expected: 'disableMultipleSessions = "true"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { disableMultipleSessions: 'true' } }], [{ settings: { disableMultipleSessions: 'false' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, judge: flagIs('disableMultipleSessions', true, 'one session per user') }),
});
