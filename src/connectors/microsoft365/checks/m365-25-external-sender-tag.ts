import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-25',
  title: 'Mail from outside the organisation is tagged as external',
  severity: 'low',
  rationale: 'An "External" tag in Outlook warns readers before they act on a message impersonating a colleague or executive, the core of business e-mail compromise.',
  remediation: 'Exchange Online PowerShell: Set-ExternalInOutsideOrganizationConfig -Enabled $true (or a mail flow rule that prepends a warning to messages from outside the organisation).',
  reference: 'CISA ScubaGear MS.EXO.7.1',
  expected: 'ExternalInOutsideOrganizationConfig Enabled = true, or an enabled external-sender mail flow rule',
  reason:
    'the external sender tag (Get-ExternalInOutsideOrganizationConfig) and mail flow rules (Get-TransportRule) are only readable through Exchange Online PowerShell; Microsoft Graph has no API for either',
});
