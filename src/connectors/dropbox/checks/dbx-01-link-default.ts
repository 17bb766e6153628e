import { defineCheck } from '../../sdk/define-check.js';
import { readPolicy } from './read-policies.js';

export default defineCheck({
  id: 'DBX-01',
  title: 'New shared links are visible to team members only by default',
  severity: 'medium',
  rationale: 'With public links by default, every link a member creates can be opened by anyone who has it: a forwarded e-mail or a pasted URL publishes client files.',
  remediation: 'In the Admin Console → Settings → Sharing → Shared links, set "Default audience for shared links" to Team only (or "Only people invited"); members can still choose public for a single link where policy allows.',
  reference: 'https://help.dropbox.com/share/shared-link-settings-business',
  evaluate(settings) {
    const policy = readPolicy(settings, 'sharing.shared_link_create_policy');
    if (policy === undefined) return { status: 'not_applicable', evidence: 'Dropbox settings were not collected.' };
    if (policy === null) return { status: 'error', evidence: 'team/get_info did not include policies.sharing.shared_link_create_policy.' };
    if (policy === 'default_public') return { status: 'fail', evidence: 'New shared links are public by default (shared_link_create_policy default_public).', details: { policy } };
    return { status: 'pass', evidence: `New shared links default to ${policy.replace(/_/g, ' ')}.`, details: { policy } };
  },
});
