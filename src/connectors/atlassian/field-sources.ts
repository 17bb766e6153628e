import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Atlassian's org audit events (checked by the fidelity test). */
export const atlassianFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Org audit event (`data[]` of `/events` or `/events-stream`, or one pasted event)',
    fields: {
      user: ['attributes.actor.email', 'attributes.actor.id'],
      ip: ['attributes.location.ip'],
      time: ['attributes.time'],
      action: ['attributes.action'],
      outcome: ['attributes.action'],
      targets: ['attributes.context[].id'],
    },
    notes:
      "`attributes.time` is ISO-8601 as the API serves it; epoch seconds or milliseconds (exports, SIEM copies) are read too, below 1e12 as seconds. The actor's e-mail comes from the inventory (the event names the account id). Targets are the `context` items (users, roles, groups, API tokens, policies). Outcome is success unless the action names a failure (`user_login_failed`).",
  },
  {
    shape: 'One event as `GET /events/{eventId}` answers it (`{data: event}`)',
    fields: {
      user: ['data.attributes.actor.email', 'data.attributes.actor.id'],
      ip: ['data.attributes.location.ip'],
      time: ['data.attributes.time'],
      action: ['data.attributes.action'],
      outcome: ['data.attributes.action'],
      targets: ['data.attributes.context[].id'],
    },
    notes: 'The same event inside the single-event envelope; a pasted list page holding exactly one event (`{data: [event]}`) is read the same way.',
  },
];
