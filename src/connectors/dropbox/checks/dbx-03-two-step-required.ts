import { defineNotEvaluableCheck } from '../../sdk/define-check.js';

export default defineNotEvaluableCheck({
  id: 'DBX-03',
  title: 'Two-step verification is required for every member',
  severity: 'high',
  rationale: 'A password alone lets anyone who phished or guessed it into the team’s files; Dropbox can require a second step for every member.',
  remediation: 'In the Admin Console → Settings → Two-step verification, turn on "Require two-step verification" for the whole team. Parapet alerts when the team log shows the requirement turned off (tfa_change_policy).',
  reference: 'https://help.dropbox.com/account-access/enable-two-step-verification',
  reason: 'Dropbox’s API has no read of the two-step verification policy (only its changes appear in the team log, as tfa_change_policy): check it in the Admin Console',
});
