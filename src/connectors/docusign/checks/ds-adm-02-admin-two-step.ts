import { defineCheck } from '../../sdk/define-check.js';
import { ADMINISTRATOR_SCOPES, administrators, perOrganisation, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';
import secure from './fixtures/admin.administrators.secure.json' with { type: 'json' };

/** DocuSign's federated statuses that force sign-in through the identity provider (its MFA applies). */
const FEDERATED = new Set(['fedauthrequired']);

export default defineCheck({
  id: 'DS-ADM-2',
  title: 'Every administrator signs in with two-step verification or through SSO',
  severity: 'high',
  rationale:
    'An administrator protected by a password alone can be phished or sprayed, and then controls every account, user and envelope of the organisation; two-step verification, or SSO with the identity provider\'s MFA, stops that.',
  remediation:
    'DocuSign Admin → Users → (administrator) → Edit: turn on "Require two-step verification", or set the user\'s login policy to require SSO (federated status FedAuthRequired) once the identity provider enforces MFA.',
  reference: 'Parapet DocuSign baseline DS-ADM-2 (CISA SCuBA MS.AAD.3.6 analogue: MFA for privileged users; CIS Controls v8 6.5)',
  expected: 'require_two_step_verification = true or federated_status = FedAuthRequired for every administrator',
  worseWhen: 'higher',
  requires: ADMINISTRATOR_SCOPES,
  examples: examples(
    [{}, { administrators: { administrators: secure.administrators.map((a) => ({ ...a, requireTwoStepVerification: true })) } }],
    [
      { administrators: { administrators: secure.administrators.map((a, i) => (i === 0 ? { ...a, requireTwoStepVerification: false } : a)) } },
      { administrators: { administrators: secure.administrators.map((a, i) => (i === 1 ? { ...a, federatedStatus: 'FedAuthBypass' } : a)) } },
    ],
  ),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'administrators',
      requires: ADMINISTRATOR_SCOPES,
      judge(doc) {
        const admins = administrators(doc);
        if (!admins.ok) return unreadableOrg(admins);
        if (admins.value.length === 0) return { status: 'not_applicable', evidence: 'no administrator was found' };
        const unknown = admins.value.filter((a) => a.requireTwoStepVerification === null && !FEDERATED.has((a.federatedStatus ?? '').toLowerCase()));
        const exposed = admins.value.filter((a) => a.requireTwoStepVerification === false && !FEDERATED.has((a.federatedStatus ?? '').toLowerCase()));
        const details = { withoutSecondFactor: exposed.map((a) => a.label), unknown: unknown.map((a) => a.label) };
        if (exposed.length > 0) {
          return { status: 'fail', evidence: `${exposed.length} of ${admins.value.length} administrators sign in with a password alone: ${exposed.map((a) => a.label).join(', ')} (require_two_step_verification false, not federated)`, observed: exposed.length, details };
        }
        if (unknown.length > 0) return { status: 'error', evidence: `the profile of ${unknown.map((a) => a.label).join(', ')} does not say whether two-step verification is required: cannot judge it`, details };
        return { status: 'pass', evidence: `all ${admins.value.length} administrators require two-step verification or sign in through SSO`, observed: 0, details };
      },
    }),
});
