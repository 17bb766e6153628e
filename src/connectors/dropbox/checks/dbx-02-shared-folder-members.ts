import { defineCheck } from '../../sdk/define-check.js';
import { readPolicy } from './read-policies.js';

export default defineCheck({
  id: 'DBX-02',
  title: 'Team folders and shared folders can be shared with team members only',
  severity: 'medium',
  rationale: 'When members may add anyone to a shared folder, a whole matter folder can be handed to an outside account in one step, and every later file in it follows.',
  remediation: 'In the Admin Console → Settings → Sharing, set "Sharing outside of your team" for folders to "Only members of the team" (or "Team and approved people" if outside counsel must collaborate).',
  reference: 'https://help.dropbox.com/share/team-sharing-permissions',
  evaluate(settings) {
    const policy = readPolicy(settings, 'sharing.shared_folder_member_policy');
    if (policy === undefined) return { status: 'not_applicable', evidence: 'Dropbox settings were not collected.' };
    if (policy === null) return { status: 'error', evidence: 'team/get_info did not include policies.sharing.shared_folder_member_policy.' };
    if (policy === 'anyone') return { status: 'fail', evidence: 'Members may add anyone, inside or outside the team, to shared folders (shared_folder_member_policy anyone).', details: { policy } };
    return { status: 'pass', evidence: `Shared folders accept ${policy === 'team' ? 'team members only' : 'team members and approved people'}.`, details: { policy } };
  },
});
