import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, hashText, lowerEmail, parseProviderTime, str, withOtherClass, withSourceIp, lookupTable } from '../sdk/normalize-helpers.js';

/**
 * DocuSign Connect (envelope webhook) messages in the JSON SIM format: `{event, generatedDateTime, data:
 * {accountId, userId, envelopeId, recipientId?, envelopeSummary?}}`. The summary's `sender` (when Connect is
 * set to include it) names the sender and the IP they sent from.
 */

/** Connect event name -> Parapet action; events not listed are `other` with the name in `eventType`. */
const CONNECT_ACTIONS: Readonly<Record<string, Action>> = lookupTable({
  'envelope-created': 'file.uploaded',
  'envelope-sent': 'file.shared',
  'envelope-resent': 'file.shared',
  'envelope-corrected': 'file.modified',
  'envelope-voided': 'file.deleted',
  'envelope-deleted': 'file.deleted',
  'envelope-purge': 'file.deleted',
  'envelope-discard': 'file.deleted',
  'recipient-delivered': 'file.viewed',
});

/** Events that record something failing (a recipient's ID check, a delivery bounce). */
const FAILURES = new Set(['recipient-authenticationfailed', 'recipient-autoresponded', 'envelope-declined', 'recipient-declined']);

export function isConnectMessage(r: Record<string, unknown>): boolean {
  return typeof r.event === 'string' && 'generatedDateTime' in r && asRecord(r.data) !== null;
}

export function normalizeConnect(r: Record<string, unknown>, context: NormalizeContext): NormalizedActivity {
  const event = str(r.event) ?? 'unknown';
  const data = asRecord(r.data) ?? {};
  const summary = asRecord(data.envelopeSummary);
  const sender = asRecord(summary?.sender);
  const envelopeId = str(data.envelopeId) ?? str(summary?.envelopeId);
  const parsed = parseProviderTime(r.generatedDateTime);
  const time = parsed !== null && Number.isSafeInteger(Math.trunc(parsed)) ? Math.trunc(parsed) : context.ingestedAt;
  const action = CONNECT_ACTIONS[event] ?? 'other';
  let activity = baseActivity({
    provider: 'docusign',
    app: 'eSignature',
    // Connect has no event id: the envelope, the event and its time identify one message (retries repeat it).
    sourceId: `connect:${envelopeId ?? hashText(JSON.stringify(r))}:${event}:${str(data.recipientId) ?? ''}:${str(r.generatedDateTime) ?? ''}`,
    time,
    originalTime: typeof r.generatedDateTime === 'string' ? r.generatedDateTime : '',
    action,
    eventType: `connect/${event}`,
    raw: r,
  });
  if (action === 'other') activity = withOtherClass(activity, 6006);
  // `data.userId` is the envelope's sender: the actor of envelope events, not of a recipient's own step.
  const byRecipient = event.startsWith('recipient-');
  const userId = byRecipient ? null : (str(data.userId) ?? str(sender?.userId));
  const ref = userId ? context.lookupAccount(userId) : undefined;
  activity.tenantId = str(data.accountId);
  activity.outcome = FAILURES.has(event) ? 'failure' : 'success';
  activity.actor = {
    userId,
    email: byRecipient ? lowerEmail(data.email) : (lowerEmail(sender?.email) ?? lowerEmail(ref?.email)),
    name: byRecipient ? str(data.name) : (str(sender?.userName) ?? ref?.name ?? null),
    type: userId || byRecipient ? (ref?.isAdmin ? 'admin' : 'user') : 'unknown',
    isAdmin: ref?.isAdmin ?? null,
    appId: null,
    appName: null,
  };
  const targets: Target[] = [];
  if (envelopeId) targets.push({ type: 'envelope', id: envelopeId, name: str(summary?.emailSubject) });
  const recipientId = str(data.recipientId);
  if (recipientId) targets.push({ type: 'user', id: recipientId, name: null });
  activity.targets = targets;
  return byRecipient ? activity : withSourceIp(activity, sender?.ipAddress);
}
