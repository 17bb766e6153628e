import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-20',
  title: 'SMTP AUTH client submission is disabled for the organisation',
  severity: 'medium',
  rationale: 'SMTP AUTH accepts a user name and password from any client, outside the protection of modern authentication; password-spraying tools use it to find and abuse valid mailboxes.',
  remediation: 'Exchange admin center → Settings → Mail flow → "Turn off SMTP AUTH protocol for your organization" (Set-TransportConfig -SmtpClientAuthenticationDisabled $true); enable it per mailbox only where a device truly needs it.',
  reference: 'CISA ScubaGear MS.EXO.5.1',
  expected: 'SmtpClientAuthenticationDisabled = true',
  reason:
    'the organisation-wide SmtpClientAuthenticationDisabled flag is only readable through Exchange Online PowerShell (Get-TransportConfig); Microsoft Graph does not expose it. A Conditional Access policy blocking legacy authentication (M365-02) does stop SMTP AUTH with passwords',
});
