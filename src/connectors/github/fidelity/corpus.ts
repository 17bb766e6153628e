import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * GitHub audit-log records as GitHub's REST reference and well-kept clients publish them, with the fields
 * each must yield (issue #11).
 */

const ENTERPRISE_AUDIT_LOG = 'https://docs.github.com/en/enterprise-cloud@latest/rest/enterprise-admin/audit-log#get-the-audit-log-for-an-enterprise';
const GO_GITHUB_ORG_AUDIT = 'https://github.com/google/go-github/blob/master/github/orgs_audit_log_test.go';

export const corpus: FidelityCase[] = [
  {
    source: ENTERPRISE_AUDIT_LOG,
    shape: 'REST audit-log event (team.add_member)', values: 'published',
    record: { '@timestamp': 1606929874512, action: 'team.add_member', actor: 'octocat', created_at: 1606929874512, _document_id: 'xJJFlFOhQ6b-5vaAFy9Rjw', org: 'octo-corp', team: 'octo-corp/example-team', user: 'monalisa' },
    expect: { user: 'octocat', time: 1606929874512, action: 'group.member_added', outcome: 'success', targets: ['monalisa', 'octo-corp/example-team'] },
  },
  {
    source: ENTERPRISE_AUDIT_LOG,
    shape: 'REST audit-log event (repo.destroy)', values: 'published',
    record: { '@timestamp': 1605719148837, action: 'repo.destroy', actor: 'monalisa', created_at: 1605719148837, _document_id: 'LwW2vpJZCDS-WUmo9Z-ifw', org: 'mona-org', repo: 'mona-org/mona-test-repo', visibility: 'private' },
    expect: { user: 'monalisa', time: 1605719148837, action: 'file.deleted', outcome: 'success', targets: ['mona-org/mona-test-repo'] },
  },
  {
    source: GO_GITHUB_ORG_AUDIT,
    shape: 'REST audit-log event with IP disclosure (workflows.completed_workflow_run)', values: 'synthetic', note: "go-github's audit-log test fixture (values made up by its authors: testactor, 10.0.0.1).",
    record: {
      '@timestamp': 1615077308538,
      _document_id: 'beeZYapIUe-wKg5-beadb33',
      action: 'workflows.completed_workflow_run',
      actor: 'testactor',
      actor_ip: '10.0.0.1',
      actor_location: { country_code: 'US' },
      conclusion: 'success',
      created_at: 1615077308538,
      org: 'o',
      org_id: 1,
      repo: 'o/blue-crayon-1',
      programmatic_access_type: 'GitHub App server-to-server token',
      user_agent: 'a user agent',
    },
    expect: { user: 'testactor', ip: '10.0.0.1', time: 1615077308538, targets: ['o/blue-crayon-1'] },
  },
  {
    source: GO_GITHUB_ORG_AUDIT,
    shape: 'audit-log export with ISO time text (role change read → admin)', values: 'synthetic', note: "go-github's fixture values as an org.update_member event with ISO time text.",
    record: { '@timestamp': '2021-03-07T00:35:08.538Z', _document_id: 'beeZYapIUe-wKg5-beadb34', action: 'org.update_member', actor: 'testactor', actor_ip: '10.0.0.1', old_permission: 'read', permission: 'admin', org: 'o', user: 'octocat' },
    expect: { user: 'testactor', ip: '10.0.0.1', time: Date.UTC(2021, 2, 7, 0, 35, 8, 538), action: 'admin.role_assigned', outcome: 'success', targets: ['octocat', 'admin'] },
  },
];
