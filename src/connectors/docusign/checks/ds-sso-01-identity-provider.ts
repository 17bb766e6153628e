import { defineCheck } from '../../sdk/define-check.js';
import { identityProviders, ORGANIZATION_SCOPES, perOrganisation, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';

export default defineCheck({
  id: 'DS-SSO-1',
  title: 'Single sign-on through an identity provider is set up for the organisation',
  severity: 'high',
  rationale:
    'Without an identity provider every DocuSign user signs in with a DocuSign password that the company\'s MFA, conditional access and leaver process never see; a phished or reused password is enough to send and download agreements.',
  remediation:
    'DocuSign Admin → Identity Providers → Add Identity Provider: register the company IdP (SAML 2.0), upload its signing certificate, then link each claimed domain to it (Domains → Actions → Edit → identity provider).',
  reference: 'Parapet DocuSign baseline DS-SSO-1 (CIS Controls v8 6.7 centralise access control; MDCA DocuSign recommendation "Use SSO")',
  expected: 'at least one identity provider',
  requires: ORGANIZATION_SCOPES,
  examples: examples([{}], [{ organization: { identity_providers: [] } }, { organization: { identity_providers: [{ identity_providers: [] }] } }]),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'organization',
      requires: ORGANIZATION_SCOPES,
      judge(doc) {
        const idps = identityProviders(doc);
        if (!idps.ok) return unreadableOrg(idps);
        const names = idps.value.map((p) => `"${String(p.friendly_name ?? p.id)}" (${String(p.type ?? 'unknown type')})`);
        return idps.value.length > 0
          ? { status: 'pass', evidence: `${idps.value.length} identity provider${idps.value.length === 1 ? '' : 's'}: ${names.join(', ')}`, observed: idps.value.length }
          : { status: 'fail', evidence: 'no identity provider is set up, so every user signs in with a DocuSign password', observed: 0 };
      },
    }),
});
