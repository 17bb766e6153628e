import { defineCheck } from '../../sdk/define-check.js';
import { ORGANIZATION_SCOPES, perOrganisation, reservedDomains, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';

export default defineCheck({
  id: 'DS-DOM-1',
  title: 'The company\'s e-mail domains are claimed and verified in DocuSign',
  severity: 'medium',
  rationale:
    'Only a verified (claimed) domain lets the organisation govern every DocuSign user with a company address: require SSO for them, close them when they leave, and stop employees from opening unmanaged accounts the company cannot see.',
  remediation:
    'DocuSign Admin → Domains → Claim Domain: add each company e-mail domain, publish the TXT token DocuSign shows in the domain\'s DNS, then choose Actions → Verify until the status is Active.',
  reference: 'Parapet DocuSign baseline DS-DOM-1 (DocuSign Admin "Domains"; CIS Controls v8 5.1 account inventory)',
  expected: 'at least one claimed domain, every one with status "active"',
  requires: ORGANIZATION_SCOPES,
  examples: examples(
    [{}],
    [{ organization: { reserved_domains: [] } }, { organization: { reserved_domains: [{ id: 'd2', status: 'pending', host_name: 'northwind-legal.example', identity_provider_id: null }] } }],
  ),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'organization',
      requires: ORGANIZATION_SCOPES,
      judge(doc) {
        const domains = reservedDomains(doc);
        if (!domains.ok) return unreadableOrg(domains);
        if (domains.value.length === 0) return { status: 'fail', evidence: 'no domain is claimed, so users with company addresses sit outside the organisation\'s control' };
        const unverified = domains.value.filter((d) => d.status.toLowerCase() !== 'active');
        const details = { domains: domains.value.map((d) => ({ host: d.host, status: d.status })) };
        return unverified.length === 0
          ? { status: 'pass', evidence: `${domains.value.map((d) => d.host).join(', ')} ${domains.value.length === 1 ? 'is' : 'are'} claimed and verified (status "active")`, details }
          : { status: 'fail', evidence: `${unverified.map((d) => `${d.host} has status "${d.status}"`).join(', ')} (want "active": the TXT token is not verified yet)`, details };
      },
    }),
});
