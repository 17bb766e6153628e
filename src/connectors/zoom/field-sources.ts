import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Zoom's two reports (checked by the fidelity test). */
export const zoomFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Sign-in/out report record (`GET /report/activities`, `activity_logs[]`, or a pasted page of one)',
    fields: {
      user: ['email', 'activity_logs[].email'],
      ip: ['ip_address', 'activity_logs[].ip_address'],
      time: ['time', 'activity_logs[].time'],
      action: ['type', 'activity_logs[].type'],
      outcome: [],
      targets: [],
    },
    notes: '`type` is `Sign in` or `Sign out`; the report lists successful sign-ins only, so the outcome is success. Records carry no id: the source id is a hash of the whole record.',
  },
  {
    shape: 'Operation log record (`GET /report/operationlogs`, `operation_logs[]`, or a pasted page of one)',
    fields: {
      user: ['operator', 'operation_logs[].operator'],
      ip: [],
      time: ['time', 'operation_logs[].time'],
      action: ['category_type', 'action', 'operation_detail', 'operation_logs[].category_type', 'operation_logs[].action', 'operation_logs[].operation_detail'],
      outcome: [],
      targets: ['operation_detail', 'operation_logs[].operation_detail'],
    },
    notes: 'The operator is an e-mail; there is no IP. `category_type` + `action` choose the action; a settings change (`… : from X to Y` in `operation_detail`) becomes a setting target with its old and new value, a role change a role target, e-mails in the detail user targets. The log records completed operations: the outcome is success.',
  },
];
