import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Okta's System Log (checked by the fidelity test). */
export const oktaFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'System Log LogEvent (API, EventBridge `detail`, Splunk `_raw`)',
    fields: {
      user: ['actor.alternateId', 'actor.id', 'actor.displayName', 'detail.actor.alternateId'],
      ip: ['client.ipAddress', 'detail.client.ipAddress'],
      time: ['published', 'detail.published'],
      action: ['eventType', 'detail.eventType'],
      outcome: ['outcome.result', 'detail.outcome.result'],
      targets: [
        'target[].id',
        'target[].alternateId',
        'target[].displayName',
        'detail.target[].id',
        'detail.target[].alternateId',
        'debugContext.debugData.privilegeGranted',
        'debugContext.debugData.privilegeRevoked',
        'debugContext.debugData.roleName',
      ],
    },
    notes: "EventBridge wraps the LogEvent in `detail`; Splunk's add-on carries it as `_raw` text or flattened (`actor.alternateId`, `target{}.id`). `outcome.result` SUCCESS/ALLOW → success, FAILURE/DENY → failure, CHALLENGE → interrupted, otherwise unknown. `AppUser` targets repeat the user and the app and are left out. A role grant or revocation names its role only in `debugContext.debugData` (`privilegeGranted`, `privilegeRevoked`, `roleName`): that role is a target too.",
  },
];
