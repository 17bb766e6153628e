import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readEnum, SETTINGS_SCOPES, unreadable } from './settings-read.js';

const LEVELS = ['login_not_required', 'login_required_if_account_holder', 'login_required_per_session', 'login_required_per_envelope'] as const;

export default defineCheck({
  id: 'DS-RCPT-2',
  title: 'Signers who hold a DocuSign account must sign in to sign',
  severity: 'low',
  rationale: 'When account holders sign without signing in, a forwarded envelope link is enough to sign in their name and the signature is not tied to their authenticated identity.',
  remediation: 'DocuSign eSignature Admin → Signing Settings → "Signer login requirements": at least "Required if the signer is an account holder" (signerLoginRequirements).',
  reference: 'Parapet DocuSign baseline DS-RCPT-2',
  expected: 'signerLoginRequirements ≠ "login_not_required"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { signerLoginRequirements: 'login_required_per_session' } }], [{ settings: { signerLoginRequirements: 'login_not_required' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'settings',
      requires: SETTINGS_SCOPES,
      judge(doc) {
        const read = readEnum(doc, 'signerLoginRequirements', LEVELS);
        if (!read.ok) return unreadable(read);
        return { status: read.value === 'login_not_required' ? 'fail' : 'pass', evidence: `signerLoginRequirements is "${read.value}"` };
      },
    }),
});
