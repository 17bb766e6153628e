import { defineCheck } from '../../sdk/define-check.js';
import { examples, flagIs, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-SHARE-1',
  title: 'Users cannot share their envelopes with each other ad hoc',
  severity: 'low',
  rationale: 'User-to-user sharing grants standing access to another person\'s agreements outside any group or permission profile, and is rarely reviewed.',
  remediation: 'DocuSign eSignature Admin → Sharing Settings: enable "Disable user sharing" (disableUserSharing) and share through groups or shared folders instead.',
  reference: 'Parapet DocuSign baseline DS-SHARE-1',
  expected: 'disableUserSharing = "true"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { disableUserSharing: 'true' } }], [{ settings: { disableUserSharing: 'false' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, judge: flagIs('disableUserSharing', true, 'no ad-hoc sharing between users') }),
});
