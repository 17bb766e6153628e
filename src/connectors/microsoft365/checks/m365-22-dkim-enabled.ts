import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-22',
  title: 'DKIM signing is enabled for every accepted domain',
  severity: 'medium',
  rationale: 'Without DKIM signatures receivers cannot tell the organisation\'s mail from forged mail using its domains, and DMARC cannot pass on forwarded messages.',
  remediation: 'Microsoft Defender → Email & collaboration → Policies → Email authentication settings → DKIM: publish the two CNAME records for each domain, then enable signing (New-DkimSigningConfig / Set-DkimSigningConfig -Enabled $true).',
  reference: 'CISA ScubaGear MS.EXO.3.1',
  expected: 'DKIM signing config Enabled = true for each accepted domain',
  reason:
    'DKIM signing configuration is only readable through Exchange Online PowerShell (Get-DkimSigningConfig); Microsoft Graph lists the tenant\'s domains (GET /domains) but not whether Exchange signs their mail',
});
