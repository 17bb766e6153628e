import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-19',
  title: 'Automatic forwarding of mail to external domains is disabled',
  severity: 'high',
  rationale: 'Auto-forwarding to outside addresses is the classic way an attacker in a mailbox keeps reading it after a password reset, and a path for data to leave unnoticed.',
  remediation:
    'Exchange admin center → Mail flow → Remote domains → Default: turn off "Allow automatic forwarding"; and Microsoft Defender → Anti-spam → Outbound policy: "Automatic forwarding rules" = Off (Set-RemoteDomain Default -AutoForwardEnabled $false; Set-HostedOutboundSpamFilterPolicy -AutoForwardingMode Off).',
  reference: 'CISA ScubaGear MS.EXO.1.1',
  expected: 'AutoForwardEnabled = false on every remote domain; outbound AutoForwardingMode = Off',
  reason:
    'remote domains (Get-RemoteDomain AutoForwardEnabled) and the outbound spam filter policy (Get-HostedOutboundSpamFilterPolicy AutoForwardingMode) are only readable through Exchange Online PowerShell; Microsoft Graph has no API for them. Parapet still detects forwarding as it happens (Set-Mailbox / inbox-rule audit records)',
});
