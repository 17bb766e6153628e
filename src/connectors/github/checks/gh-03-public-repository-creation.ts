import { defineCheck } from '../../sdk/define-check.js';
import { orgSettings, ownerField } from './org-settings.js';

export default defineCheck({
  id: 'GH-03',
  title: 'Only owners can create public repositories',
  severity: 'medium',
  rationale: 'A member who can create public repositories can publish the organisation\'s code or secrets to the internet in one click, by mistake or on purpose.',
  remediation: 'Organisation → Settings → Member privileges → Repository creation: untick "Public" (leave Private/Internal as needed).',
  reference: 'CIS GitHub Benchmark 1.2.2',
  evaluate(settings) {
    const org = orgSettings(settings);
    if (!org) return { status: 'not_applicable', evidence: 'The organisation settings were not collected.' };
    const canCreate = ownerField(org, 'members_can_create_public_repositories');
    if (typeof canCreate !== 'boolean') return { status: 'not_applicable', evidence: 'members_can_create_public_repositories is not visible: the connection needs owner rights.' };
    if (!canCreate) return { status: 'pass', evidence: 'members_can_create_public_repositories is false: only owners create public repositories.' };
    return { status: 'fail', evidence: 'members_can_create_public_repositories is true: any member can create a public repository.', details: { membersCanCreatePublicRepositories: true } };
  },
});
