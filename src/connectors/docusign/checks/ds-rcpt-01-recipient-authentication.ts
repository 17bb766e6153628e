import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readEnum, SETTINGS_SCOPES, unreadable } from './settings-read.js';

export default defineCheck({
  id: 'DS-RCPT-1',
  title: 'Recipient authentication (ID check) is available to senders',
  severity: 'medium',
  rationale: 'Without recipient authentication, anyone who gets hold of a signing e-mail can open and sign the agreement; an access code, SMS or ID check proves the signer is the addressee.',
  remediation: 'DocuSign eSignature Admin → Signing Settings → "Recipient authentication" (ID check): set to Always or Optional (idCheckRequired), and require it on sensitive templates.',
  reference: 'Parapet DocuSign baseline DS-RCPT-1',
  expected: 'idCheckRequired ≠ "never"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { idCheckRequired: 'always' } }, { settings: { idCheckRequired: 'optional' } }], [{ settings: { idCheckRequired: 'never' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'settings',
      requires: SETTINGS_SCOPES,
      judge(doc) {
        const read = readEnum(doc, 'idCheckRequired', ['always', 'never', 'optional'] as const);
        if (!read.ok) return unreadable(read);
        return { status: read.value === 'never' ? 'fail' : 'pass', evidence: `idCheckRequired is "${read.value}"` };
      },
    }),
});
