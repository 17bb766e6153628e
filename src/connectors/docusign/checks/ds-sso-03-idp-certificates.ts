import { DAY } from '../../../core/clock.js';
import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { identityProviders, ORGANIZATION_SCOPES, perOrganisation, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';

const WARN_DAYS = 30;

export default defineCheck({
  id: 'DS-SSO-3',
  title: 'Identity provider signing certificates are valid for at least 30 more days',
  severity: 'medium',
  rationale:
    'When the identity provider\'s SAML signing certificate expires or is invalid, single sign-on to DocuSign stops; the usual workaround under pressure is to let users back in with DocuSign passwords.',
  remediation:
    'Renew the SAML signing certificate in the identity provider, then DocuSign Admin → Identity Providers → (provider) → Edit → Add New Certificate; remove the old one after the switch.',
  reference: 'Parapet DocuSign baseline DS-SSO-3 (NIST SP 800-57 key lifecycle)',
  expected: `every certificate is_valid and expiring more than ${WARN_DAYS} days after collection`,
  worseWhen: 'lower',
  requires: ORGANIZATION_SCOPES,
  examples: examples(
    [{}],
    [
      { organization: { identity_providers: [{ id: 'idp', friendly_name: 'Okta', type: 'saml_20', saml_20: { certificates: [{ id: 'c', expiration_date: '2025-03-20T00:00:00Z', is_valid: true }] } }] } },
      { organization: { identity_providers: [{ id: 'idp', friendly_name: 'Okta', type: 'saml_20', saml_20: { certificates: [{ id: 'c', expiration_date: '2027-01-01T00:00:00Z', is_valid: false }] } }] } },
    ],
  ),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'organization',
      requires: ORGANIZATION_SCOPES,
      worseWhen: 'lower',
      judge(doc) {
        const idps = identityProviders(doc);
        if (!idps.ok) return unreadableOrg(idps);
        const collectedAt = Date.parse(str(doc.collectedAt) ?? '');
        if (!Number.isFinite(collectedAt)) return { status: 'error', evidence: `collectedAt is ${JSON.stringify(doc.collectedAt)}, not a time: cannot judge expiry` };
        const certs = idps.value.flatMap((p) => {
          const list = asRecord(p.saml_20)?.certificates;
          return (Array.isArray(list) ? list : []).map((c) => ({ provider: String(p.friendly_name ?? p.id), cert: asRecord(c) ?? {} }));
        });
        if (certs.length === 0) return { status: 'not_applicable', evidence: 'no identity provider certificate to judge' };
        const problems: string[] = [];
        let soonest = Infinity;
        for (const { provider, cert } of certs) {
          const expires = Date.parse(str(cert.expiration_date) ?? '');
          if (!Number.isFinite(expires)) return { status: 'error', evidence: `"${provider}" certificate ${String(cert.id ?? '')} has expiration_date ${JSON.stringify(cert.expiration_date)}: cannot judge it` };
          const days = Math.floor((expires - collectedAt) / DAY);
          soonest = Math.min(soonest, days);
          if (cert.is_valid === false) problems.push(`"${provider}" certificate ${String(cert.thumbprint ?? cert.id ?? '')} is marked invalid`);
          else if (days <= WARN_DAYS) problems.push(`"${provider}" certificate ${String(cert.thumbprint ?? cert.id ?? '')} ${days < 0 ? `expired ${-days} days ago` : `expires in ${days} days`}`);
        }
        return problems.length === 0
          ? { status: 'pass', evidence: `${certs.length} certificate${certs.length === 1 ? '' : 's'}, the first to expire in ${soonest} days`, observed: soonest }
          : { status: 'fail', evidence: `${problems.join('; ')} (want valid for more than ${WARN_DAYS} days)`, observed: soonest };
      },
    }),
});
