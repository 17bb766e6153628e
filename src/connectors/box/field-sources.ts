import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Box's enterprise events (checked by the fidelity test). */
export const boxFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Enterprise event (GET /events?stream_type=admin_logs entry)',
    fields: {
      user: ['created_by.login', 'created_by.id', 'created_by.name'],
      ip: ['ip_address'],
      time: ['created_at'],
      action: ['event_type'],
      outcome: ['event_type'],
      targets: ['source.item_id', 'source.file_id', 'source.folder_id', 'source.id', 'source.user_id', 'source.group_id', 'accessible_by.id', 'accessible_by.login'],
    },
    notes: 'Box sends no outcome field: FAILED_* and *_BLOCKED types are failures, the rest successes. `created_by.id` "2" is Box\'s anonymous user (no actor). `action_by` (an admin or Box support acting for the user) becomes the impersonator; `additional_details.service_id`/`service_name` the app used.',
  },
];
