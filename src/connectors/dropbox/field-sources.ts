import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Dropbox's TeamEvent (checked by the fidelity test). */
export const dropboxFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'team_log TeamEvent (`events[]` of get_events, or one pasted event)',
    fields: {
      user: ['actor.user.email', 'actor.user.team_member_id', 'actor.user.display_name', 'actor.admin.email', 'actor.admin.team_member_id', 'actor.admin.display_name'],
      ip: ['origin.geo_location.ip_address'],
      time: ['timestamp'],
      action: ['event_type', 'details.new_value'],
      outcome: ['event_type'],
      targets: ['context.email', 'context.team_member_id', 'participants[].user.email', 'participants[].group_id', 'assets[].file_id', 'assets[].display_name', 'details.app_info.app_id', 'details.new_value', 'event_type'],
    },
    notes: 'TeamEvent has no id: the sourceId is a hash of the whole event. `event_type` and `details.new_value` are unions (`{".tag": …}`): `member_change_status`, `member_change_admin_role`, `tfa_change_*` and visibility changes read the new value to pick the action. Only `login_fail`, `sso_error` and `*_fail(ed)` events are failures. The `context` member is a target in `members` events, and in others when it is not the actor (a sign-in names its own user as context). A policy or setting change with no other target targets the policy or setting its `event_type` names.',
  },
];
