import { defineCheck } from '../../sdk/define-check.js';
import { ADMINISTRATOR_SCOPES, administrators, perOrganisation, unreadableOrg } from './admin-read.js';
import { examples } from './settings-read.js';
import secure from './fixtures/admin.administrators.secure.json' with { type: 'json' };

const MAX_ADMINS = 5;

const extraAdmins = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `extra-${i}`, email: `admin${i}@northwind-legal.example`, isOrganizationAdmin: false, adminOf: ['Northwind Legal US'], requireTwoStepVerification: true, federatedStatus: null }));

export default defineCheck({
  id: 'DS-ADM-1',
  title: `No more than ${MAX_ADMINS} people administer the DocuSign organisation and its accounts`,
  severity: 'medium',
  rationale:
    'Every organisation or account administrator can change security settings, add users and read every envelope; each extra one is another password or session an attacker can use for all of that, and an admin list nobody reviews grows with every project.',
  remediation:
    'DocuSign Admin → Users: review who has the Administrator permission profile in each account and who is an organisation administrator; move everyone else to a sender or a custom profile, keeping two to five administrators.',
  reference: 'Parapet DocuSign baseline DS-ADM-1 (CIS Controls v8 5.4 restrict administrator privileges; CISA SCuBA MS.AAD.7.1 analogue)',
  expected: `at most ${MAX_ADMINS} administrators`,
  worseWhen: 'higher',
  requires: ADMINISTRATOR_SCOPES,
  examples: examples(
    [{}, { administrators: { administrators: [...secure.administrators, ...extraAdmins(2)] } }],
    [{ administrators: { administrators: [...secure.administrators, ...extraAdmins(3)] } }],
  ),
  evaluate: (settings) =>
    perOrganisation(settings, {
      kind: 'administrators',
      requires: ADMINISTRATOR_SCOPES,
      judge(doc) {
        const admins = administrators(doc);
        if (!admins.ok) return unreadableOrg(admins);
        const count = admins.value.length;
        const orgAdmins = admins.value.filter((a) => a.isOrganizationAdmin).length;
        const details = { administrators: admins.value.map((a) => ({ user: a.label, organisationAdmin: a.isOrganizationAdmin, accounts: a.adminOf })) };
        const summary = `${count} administrator${count === 1 ? '' : 's'} (${orgAdmins} of the organisation, ${count - orgAdmins} of accounts only)`;
        return count <= MAX_ADMINS
          ? { status: 'pass', evidence: summary, observed: count, details }
          : { status: 'fail', evidence: `${summary} (want at most ${MAX_ADMINS}): ${admins.value.map((a) => a.label).join(', ')}`, observed: count, details };
      },
    }),
});
