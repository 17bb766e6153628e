import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Google's Admin SDK Reports activities (checked by the fidelity test). */
export const googleWorkspaceFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Reports API activity (`items[]` with `events[]` and `parameters[]`) and one-event exports',
    fields: {
      user: ['actor.email', 'actor.profileId', 'actor_email', 'email'],
      ip: ['ipAddress', 'ip_address'],
      time: ['id.time', 'time', 'timestamp'],
      action: ['events[].name', 'event_name', 'name'],
      outcome: ['events[].name', 'event_name', 'name', 'events[].parameters[].name'],
      targets: ['events[].parameters[].value', 'events[].parameters[].multiValue', 'parameters', 'target_user', 'actor.email', 'actor_email'],
    },
    notes: 'Parameters come as `value`, `boolValue`, `intValue`, `multiValue`, `multiIntValue` or `messageValue`; exports may carry them as a list or an object. Times with or without zone or `T` are UTC. Login failures (`login_failure`) → failure, challenges → interrupted. An Admin console (`admin`) event with no specific mapping is still a success: that log records what administrators did. A `login` or `user_accounts` event that names no other target targets the signed-in user (`actor.email`).',
  },
  {
    shape: 'Cloud Logging export (`protoPayload`)',
    fields: {
      user: ['protoPayload.authenticationInfo.principalEmail'],
      ip: ['protoPayload.requestMetadata.callerIp'],
      time: ['timestamp'],
      action: ['protoPayload.methodName'],
      outcome: ['protoPayload.methodName', 'protoPayload.status.code'],
      targets: ['protoPayload.metadata.event[].parameter[].value', 'protoPayload.resourceName'],
    },
  },
];
