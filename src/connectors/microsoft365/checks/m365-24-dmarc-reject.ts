import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'M365-24',
  title: 'Every second-level mail domain publishes a DMARC policy of reject',
  severity: 'medium',
  rationale: 'A DMARC record with p=reject makes receivers refuse mail that fails SPF and DKIM alignment, shutting down exact-domain spoofing of the organisation.',
  remediation: 'Publish a TXT record at _dmarc.<domain> such as "v=DMARC1; p=reject; rua=mailto:dmarc-reports@<domain>" after monitoring with p=none.',
  reference: 'CISA ScubaGear MS.EXO.4.1, MS.EXO.4.2',
  expected: 'a TXT record at _dmarc.<domain> with p=reject',
  reason: 'DMARC is a public DNS record at _dmarc.<domain>, not a Microsoft 365 setting: Microsoft Graph does not return it and the connector makes no DNS queries',
});
