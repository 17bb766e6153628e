import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readEnum, SETTINGS_SCOPES, unreadable } from './settings-read.js';

export default defineCheck({
  id: 'DS-PKI-1',
  title: 'Downloaded PDFs carry DocuSign\'s digital signature',
  severity: 'low',
  rationale: 'A PKI-signed PDF shows any later tampering in every PDF reader; an unsigned download can be edited and passed off as the completed agreement.',
  remediation: 'DocuSign eSignature Admin → Signing Settings → "Digitally sign downloaded PDFs": Yes (pkiSignDownloadedPDFDocs = yes_sign).',
  reference: 'Parapet DocuSign baseline DS-PKI-1',
  expected: 'pkiSignDownloadedPDFDocs = "yes_sign"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { pkiSignDownloadedPDFDocs: 'yes_sign' } }], [{ settings: { pkiSignDownloadedPDFDocs: 'no_sign' } }, { settings: { pkiSignDownloadedPDFDocs: 'no_sign_allow_user_override' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'settings',
      requires: SETTINGS_SCOPES,
      judge(doc) {
        const read = readEnum(doc, 'pkiSignDownloadedPDFDocs', ['no_sign', 'no_sign_allow_user_override', 'yes_sign'] as const);
        if (!read.ok) return unreadable(read);
        return { status: read.value === 'yes_sign' ? 'pass' : 'fail', evidence: `pkiSignDownloadedPDFDocs is "${read.value}"` };
      },
    }),
});
