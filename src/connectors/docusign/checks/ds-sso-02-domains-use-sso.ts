import { defineCheck } from '../../sdk/define-check.js';
import { identityProviders, ORGANIZATION_SCOPES, perOrganisation, reservedDomains, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';

export default defineCheck({
  id: 'DS-SSO-2',
  title: 'Every verified domain sends its users to the identity provider',
  severity: 'medium',
  rationale:
    'An identity provider only protects the users of the domains linked to it: a verified domain with no identity provider leaves its users on DocuSign passwords, outside the company\'s MFA and leaver process.',
  remediation:
    'DocuSign Admin → Domains → (domain) → Actions → Edit: choose the organisation\'s identity provider, then under Settings require users of the domain to sign in through it.',
  reference: 'Parapet DocuSign baseline DS-SSO-2 (CIS Controls v8 6.7 centralise access control)',
  expected: 'identity_provider_id of every active domain names a configured identity provider',
  requires: ORGANIZATION_SCOPES,
  examples: examples(
    [{}],
    [
      { organization: { reserved_domains: [{ id: 'd1', status: 'active', host_name: 'northwind-legal.example', identity_provider_id: null }] } },
      { organization: { reserved_domains: [{ id: 'd1', status: 'active', host_name: 'northwind-legal.example', identity_provider_id: 'removed-idp' }] } },
    ],
  ),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'organization',
      requires: ORGANIZATION_SCOPES,
      judge(doc) {
        const domains = reservedDomains(doc);
        if (!domains.ok) return unreadableOrg(domains);
        const idps = identityProviders(doc);
        if (!idps.ok) return unreadableOrg(idps);
        const active = domains.value.filter((d) => d.status.toLowerCase() === 'active');
        if (active.length === 0) return { status: 'not_applicable', evidence: 'no verified domain to link (see DS-DOM-1)' };
        const known = new Set(idps.value.map((p) => String(p.id).toLowerCase()));
        const unlinked = active.filter((d) => !d.identityProviderId || !known.has(d.identityProviderId.toLowerCase()));
        return unlinked.length === 0
          ? { status: 'pass', evidence: `${active.map((d) => d.host).join(', ')} ${active.length === 1 ? 'signs' : 'sign'} in through the identity provider` }
          : { status: 'fail', evidence: `${unlinked.map((d) => `${d.host} ${d.identityProviderId ? `names identity provider ${d.identityProviderId}, which is not configured` : 'is linked to no identity provider'}`).join('; ')}` };
      },
    }),
});
