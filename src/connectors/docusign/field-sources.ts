import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where DocuSign's records carry each headline field (docs/activity-schema.md §6 is generated from this). */
export const docusignFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Monitor event (v2.0 dataset stream, v1 organization stream, exports)',
    fields: {
      user: ['userId'],
      ip: ['ipAddress'],
      time: ['timestamp'],
      action: ['object', 'action'],
      outcome: ['result'],
      targets: ['referencedUserId', 'data.AffectedUserId', 'data.PermissionProfileId', 'data.EnvelopeId', 'data.EventIds[]', 'field', 'property'],
    },
    notes: 'No e-mail in Monitor: the account inventory adds it by `userId` at ingest. `data` may be JSON text (exports). `result` empty → unknown.',
  },
  {
    shape: 'Connect JSON SIM message (envelope webhook)',
    fields: {
      user: ['data.envelopeSummary.sender.email', 'data.userId'],
      ip: ['data.envelopeSummary.sender.ipAddress'],
      time: ['generatedDateTime'],
      action: ['event'],
      outcome: ['event'],
      targets: ['data.envelopeId', 'data.recipientId'],
    },
    notes: 'The IP is the sender\'s, present when Connect includes the envelope summary. Recipient events have no sender as actor; failure events (declined, authentication failed, autoresponded) → failure, others success.',
  },
];
