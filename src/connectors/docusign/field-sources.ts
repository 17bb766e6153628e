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
  {
    shape: 'Connect legacy XML message (DocuSignEnvelopeInformation; also inside a SOAP envelope)',
    fields: {
      user: ['**.EnvelopeStatus.Email', '**.EnvelopeStatus.RecipientStatuses.RecipientStatus[].Email'],
      ip: ['**.EnvelopeStatus.SenderIPAddress', '**.EnvelopeStatus.RecipientStatuses.RecipientStatus[].RecipientIPAddress'],
      time: ['**.EnvelopeStatus.TimeGenerated', '**.DocuSignEnvelopeInformation.TimeZoneOffset'],
      action: ['**.EnvelopeStatus.Status'],
      outcome: ['**.EnvelopeStatus.Status'],
      targets: ['**.EnvelopeStatus.EnvelopeID', '**.EnvelopeStatus.RecipientStatuses.RecipientStatus[].RecipientId'],
    },
    notes:
      'A snapshot of the envelope, read as the JSON SIM event its `Status` stands for. Sent, Created, Corrected, Voided, Deleted: the sender (`Email`, `SenderIPAddress`) acted. Delivered, Signed/Completed, Declined: the recipient with the latest such time acted, from their `RecipientIPAddress`. Times are local: `TimeGenerated` minus `TimeZoneOffset` hours is UTC.',
  },
  {
    shape: 'Connect legacy JSON message (the REST envelope object)',
    fields: {
      user: ['sender.email', 'recipients.signers[].email'],
      ip: ['sender.ipAddress'],
      time: ['statusChangedDateTime'],
      action: ['status'],
      outcome: ['status'],
      targets: ['envelopeId', 'recipients.signers[].recipientId'],
    },
    notes: 'Read as the XML message is: the sender for envelope steps, the recipient with the latest step time for recipient steps (the REST recipient carries no IP, so those have none).',
  },
];
