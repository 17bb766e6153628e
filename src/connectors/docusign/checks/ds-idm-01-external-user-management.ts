import { defineCheck } from '../../sdk/define-check.js';
import { examples, flagIs, perAccount, SETTINGS_SCOPES } from './settings-read.js';

export default defineCheck({
  id: 'DS-IDM-1',
  title: 'Users are managed by the identity provider, not by hand in DocuSign',
  severity: 'low',
  rationale: 'When users are provisioned and removed from the identity provider (SCIM), a leaver loses DocuSign access with the rest; hand-managed accounts outlive their owners.',
  remediation: 'Connect DocuSign to your identity provider for provisioning (DocuSign Admin → Identity Providers / User Lifecycle) and turn on "Require external user management" (requireExternalUserManagement).',
  reference: 'Parapet DocuSign baseline DS-IDM-1 (CIS Controls v8 5.3, 6.2)',
  expected: 'requireExternalUserManagement = "true"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { requireExternalUserManagement: 'true' } }], [{ settings: { requireExternalUserManagement: 'false' } }]),
  evaluate: (settings) => perAccount(settings, { kind: 'settings', requires: SETTINGS_SCOPES, judge: flagIs('requireExternalUserManagement', true, 'users come from the identity provider') }),
});
