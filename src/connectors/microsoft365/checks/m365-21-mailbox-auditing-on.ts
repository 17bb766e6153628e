import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-21',
  title: 'Mailbox auditing is on by default for every mailbox',
  severity: 'medium',
  rationale: 'Mailbox audit records (who read, moved, deleted or sent as whom) are the evidence an investigation of a compromised or delegated mailbox needs.',
  remediation: 'Exchange Online PowerShell: Set-OrganizationConfig -AuditDisabled $false; check no mailbox has auditing bypassed (Get-MailboxAuditBypassAssociation).',
  reference: 'CISA ScubaGear MS.EXO.13.1',
  expected: 'AuditDisabled = false',
  reason: 'the organisation\'s AuditDisabled flag is only readable through Exchange Online PowerShell (Get-OrganizationConfig); Microsoft Graph has no API for mailbox audit configuration',
});
