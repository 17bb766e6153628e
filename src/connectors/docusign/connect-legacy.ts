import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, lowerEmail, parseProviderTime, str, withSourceIp } from '../sdk/normalize-helpers.js';
import { findElement, looksLikeXml, parseXmlRecord, type XmlRecord, type XmlValue } from '../sdk/xml-record.js';
import { normalizeConnect } from './connect.js';

/**
 * DocuSign Connect's legacy (aggregate) messages: a snapshot of the envelope's status when the message was
 * sent, not an event. Two wire formats:
 * - XML: `<DocuSignEnvelopeInformation><EnvelopeStatus>…</EnvelopeStatus><TimeZoneOffset>` (also inside a
 *   SOAP envelope when Connect posts through the SOAP interface); times are local to the account's zone,
 *   `TimeZoneOffset` (hours) turns them to UTC;
 * - JSON: the envelope object as the eSignature REST API returns it (`envelopeId`, `status`,
 *   `statusChangedDateTime`, `sender`), which is also the JSON SIM `envelopeSummary`.
 * Each is read as the JSON SIM event its status stands for, so both map as Connect's current format does.
 */

type Raw = Record<string, unknown>;

/** Envelope status -> the SIM event that status records and whether a recipient (not the sender) acted. */
const STATUS_EVENTS: Readonly<Record<string, { event: string; byRecipient: string | null }>> = {
  created: { event: 'envelope-created', byRecipient: null },
  sent: { event: 'envelope-sent', byRecipient: null },
  correct: { event: 'envelope-corrected', byRecipient: null },
  corrected: { event: 'envelope-corrected', byRecipient: null },
  voided: { event: 'envelope-voided', byRecipient: null },
  deleted: { event: 'envelope-deleted', byRecipient: null },
  // A recipient's step moved the envelope: the recipient who took it is the actor.
  delivered: { event: 'recipient-delivered', byRecipient: 'delivered' },
  signed: { event: 'recipient-completed', byRecipient: 'signed' },
  completed: { event: 'recipient-completed', byRecipient: 'signed' },
  declined: { event: 'recipient-declined', byRecipient: 'declined' },
};

function text(value: XmlValue | unknown): string | null {
  return typeof value === 'string' ? str(value) : null;
}

function list(value: XmlValue | undefined): XmlRecord[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.filter((v): v is XmlRecord => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** `2020-12-21T08:30:37.9661043` at `TimeZoneOffset` -8 -> the UTC instant; no offset: read as UTC. */
function utcIso(local: string | null, offsetHours: number | null): string | null {
  if (!local) return null;
  const ms = parseProviderTime(local);
  if (ms === null) return null;
  // An explicit zone in the text wins over the message's offset.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(local.trim());
  return new Date(zoned || offsetHours === null ? ms : ms - offsetHours * 3_600_000).toISOString();
}

interface Step {
  email: string | null;
  name: string | null;
  ip: string | null;
  id: string | null;
  at: number;
}

/** The recipient whose step (`Delivered`, `Signed`, `Declined` time) is the latest: the one who moved the envelope. */
function latestStep(recipients: readonly XmlRecord[], step: string, offsetHours: number | null): Step | null {
  let best: Step | null = null;
  for (const r of recipients) {
    const when = utcIso(text(r[step === 'signed' ? 'Signed' : step === 'declined' ? 'Declined' : 'Delivered']), offsetHours);
    const at = when ? Date.parse(when) : Number.NaN;
    if (Number.isNaN(at) || (best && best.at >= at)) continue;
    best = { email: lowerEmail(text(r.Email)), name: text(r.UserName), ip: text(r.RecipientIPAddress), id: text(r.RecipientId) ?? text(r.RoutingOrder), at };
  }
  return best;
}

/** The IP is the actor's: the recipient's for a recipient's step (none when no recipient took it), else the sender's. */
function finish(activity: NormalizedActivity, raw: Raw, byRecipient: boolean, step: Step | null, senderIp: string | null): NormalizedActivity {
  return withSourceIp({ ...activity, raw }, byRecipient ? (step?.ip ?? null) : senderIp);
}

/** A legacy XML message (the document text) -> Activity, or null when it is not one. */
export function normalizeConnectXml(xml: string, context: NormalizeContext): NormalizedActivity | null {
  if (!looksLikeXml(xml)) return null;
  const parsed = parseXmlRecord(xml);
  const info = findElement(parsed ?? null, 'DocuSignEnvelopeInformation');
  if (!parsed || typeof info !== 'object' || info === null || Array.isArray(info)) return null;
  const envelope = info.EnvelopeStatus;
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return null;
  const offsetText = text(info.TimeZoneOffset);
  const offsetHours = offsetText !== null && Number.isFinite(Number(offsetText)) ? Number(offsetText) : null;
  const status = (text(envelope.Status) ?? '').toLowerCase();
  const mapped = STATUS_EVENTS[status];
  const recipients = list(asRecord(envelope.RecipientStatuses)?.RecipientStatus as XmlValue | undefined);
  const step = mapped?.byRecipient ? latestStep(recipients, mapped.byRecipient, offsetHours) : null;
  const accountId = list(asRecord(envelope.CustomFields)?.CustomField as XmlValue | undefined).find((f) => text(f.Name) === 'AccountId');
  const message = {
    event: mapped?.event ?? `envelope-${status || 'unknown'}`,
    generatedDateTime: utcIso(text(envelope.TimeGenerated), offsetHours) ?? '',
    data: {
      accountId: accountId ? text(accountId.Value) : null,
      envelopeId: text(envelope.EnvelopeID),
      ...(step ? { recipientId: step.id, email: step.email, name: step.name } : {}),
      envelopeSummary: { status, emailSubject: text(envelope.Subject), sender: { userName: text(envelope.UserName), email: text(envelope.Email) } },
    },
  };
  return finish(normalizeConnect(message, context), parsed, Boolean(mapped?.byRecipient), step, text(envelope.SenderIPAddress));
}

/** Whether a record is the legacy JSON message: the REST envelope object (no SIM `event`). */
export function isConnectLegacyJson(r: Raw): boolean {
  return !('event' in r) && typeof r.envelopeId === 'string' && typeof r.status === 'string' && ('statusChangedDateTime' in r || 'statusDateTime' in r);
}

/** A legacy JSON message (the REST envelope object) -> Activity. */
export function normalizeConnectLegacyJson(r: Raw, context: NormalizeContext): NormalizedActivity {
  const status = (str(r.status) ?? '').toLowerCase();
  const mapped = STATUS_EVENTS[status];
  const sender = asRecord(r.sender);
  const recipientGroups = asRecord(r.recipients);
  const recipients: XmlRecord[] = [];
  // REST recipients by type (signers, carbonCopies, ...), each in the XML message's terms for latestStep.
  // The REST recipient documents no IP, so a recipient's step here has none.
  for (const group of Object.values(recipientGroups ?? {})) {
    for (const item of Array.isArray(group) ? group : []) {
      const rec = asRecord(item);
      if (!rec) continue;
      recipients.push({
        Email: text(rec.email),
        UserName: text(rec.name),
        RecipientId: text(rec.recipientId),
        Delivered: text(rec.deliveredDateTime),
        Signed: text(rec.signedDateTime),
        Declined: text(rec.declinedDateTime),
      });
    }
  }
  const step = mapped?.byRecipient ? latestStep(recipients, mapped.byRecipient, null) : null;
  const message = {
    event: mapped?.event ?? `envelope-${status || 'unknown'}`,
    generatedDateTime: str(r.statusChangedDateTime) ?? str(r.statusDateTime) ?? '',
    data: {
      accountId: str(sender?.accountId),
      userId: str(sender?.userId),
      envelopeId: str(r.envelopeId),
      ...(step ? { recipientId: step.id, email: step.email, name: step.name } : {}),
      envelopeSummary: r,
    },
  };
  return finish(normalizeConnect(message, context), r, Boolean(mapped?.byRecipient), step, str(sender?.ipAddress));
}
