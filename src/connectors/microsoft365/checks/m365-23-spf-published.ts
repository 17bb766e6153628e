import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-23',
  title: 'Every mail domain publishes an SPF record that fails unapproved senders',
  severity: 'medium',
  rationale: 'An SPF record ending in -all tells receivers which servers may send for the domain, so spoofed mail from anywhere else can be rejected.',
  remediation: 'Publish a TXT record at each mail domain such as "v=spf1 include:spf.protection.outlook.com -all" (plus any other approved senders).',
  reference: 'CISA ScubaGear MS.EXO.2.2',
  expected: 'a TXT record "v=spf1 … -all" on each domain that sends mail',
  reason:
    'SPF is a public DNS record, not a Microsoft 365 setting: Microsoft Graph only returns the records Microsoft expects (GET /domains/{id}/serviceConfigurationRecords), not what is published, and the connector makes no DNS queries',
});
