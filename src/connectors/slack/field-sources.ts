import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Slack's Audit Logs entries (checked by the fidelity test). */
export const slackFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Audit Logs API entry (`entries[]`, or one pasted entry)',
    fields: {
      user: ['actor.user.email', 'actor.user.id', 'actor.user.name'],
      ip: ['context.ip_address'],
      time: ['date_create'],
      action: ['action'],
      outcome: ['action'],
      targets: ['entity.user.id', 'entity.user.email', 'entity.user.name', 'entity.app.id', 'entity.app.name', 'entity.channel.id', 'entity.channel.name', 'entity.file.id', 'entity.file.name', 'entity.workspace.id', 'entity.workspace.name', 'entity.enterprise.id', 'entity.enterprise.name', 'entity.workflow.id', 'entity.workflow.name', 'action'],
    },
    notes: '`date_create` is epoch seconds. The target is the entity named by `entity.type`; a role change also targets the role its `action` names (`role_change_to_<role>`). Audit entries record what happened: the outcome is success unless the action names a failure (e.g. `user_login_failed`). `context.location` (workspace) becomes the Activity\'s service.',
  },
];
