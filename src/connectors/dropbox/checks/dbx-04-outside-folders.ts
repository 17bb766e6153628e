import { defineCheck } from '../../sdk/define-check.js';
import { readPolicy } from './read-policies.js';

export default defineCheck({
  id: 'DBX-04',
  title: 'Members cannot join folders shared from outside the team',
  severity: 'low',
  rationale: 'A member who joins a folder an outsider shares can copy team files into it, where the team’s own sharing rules and audit no longer follow them.',
  remediation: 'In the Admin Console → Settings → Sharing, set "Sharing into your team" so members can join only folders shared by team members (shared_folder_join_policy from_team_only); allow exceptions per folder where outside counsel needs them.',
  reference: 'https://help.dropbox.com/share/team-sharing-permissions',
  evaluate(settings) {
    const policy = readPolicy(settings, 'sharing.shared_folder_join_policy');
    if (policy === undefined) return { status: 'not_applicable', evidence: 'Dropbox settings were not collected.' };
    if (policy === null) return { status: 'error', evidence: 'team/get_info did not include policies.sharing.shared_folder_join_policy.' };
    if (policy === 'from_anyone') return { status: 'fail', evidence: 'Members may join folders shared from outside the team (shared_folder_join_policy from_anyone).', details: { policy } };
    return { status: 'pass', evidence: 'Members may join only folders shared by the team.', details: { policy } };
  },
});
