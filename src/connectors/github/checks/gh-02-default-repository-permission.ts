import { defineCheck } from '../../sdk/define-check.js';
import { orgSettings, ownerField } from './org-settings.js';

export default defineCheck({
  id: 'GH-02',
  title: 'Members get no more than read access to repositories by default',
  severity: 'medium',
  rationale: 'The base permission applies to every repository for every member: write or admin lets any member, or anyone who steals a member\'s token, change or delete code they have no reason to touch.',
  remediation: 'Organisation → Settings → Member privileges → Base permissions: choose "Read" or "No permission", and grant more through teams.',
  reference: 'CIS GitHub Benchmark 1.3.8',
  evaluate(settings) {
    const org = orgSettings(settings);
    if (!org) return { status: 'not_applicable', evidence: 'The organisation settings were not collected.' };
    const permission = ownerField(org, 'default_repository_permission');
    if (typeof permission !== 'string') return { status: 'not_applicable', evidence: 'default_repository_permission is not visible: the connection needs owner rights.' };
    if (permission === 'read' || permission === 'none') return { status: 'pass', evidence: `default_repository_permission is "${permission}".` };
    return { status: 'fail', evidence: `default_repository_permission is "${permission}": every member can ${permission === 'admin' ? 'administer' : 'push to'} every repository.`, details: { defaultRepositoryPermission: permission } };
  },
});
