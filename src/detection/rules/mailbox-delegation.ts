import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import type { Severity } from '../../core/alert.js';
import { defineRule } from '../rule.js';
import { benignKey, feedLearning, feedStartKeys, inBenignWindow, newValuesByField, type BenignWindows, type FeedStart } from './shared.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /** Alert on every FullAccess / SendAs grant, even on mailboxes the organisation delegates routinely. */
  everyGrant: boolean;
}

/** Per mailbox: how many grants it had and since when (shared mailboxes are delegated all the time). */
interface MailboxHistory {
  /** Grants learned as usual (not those pending). */
  grants: number;
  first: number;
  /** Times of grants that alerted: learned once their alert is dismissed as benign, never by the alert alone. */
  pend?: number[];
}

type State = MailboxHistory | BenignWindows | FeedStart;

const MAX_PENDING = 20;
/** What a dismissal of this policy's grant alert teaches: the mailbox (`learns` in the alert's details). */
const MAILBOX = 'mailbox';

const DELEGATION = /fullaccess|sendas|send-as|sendonbehalf/i;

/** The mailbox a grant is on: its `Identity` parameter, else the record's object. */
function mailboxOf(a: Activity): string | null {
  const p = newValuesByField(a);
  const id = p.get('identity') ?? a.targets.find((t) => t.type === 'mailbox')?.id ?? null;
  return id ? id.toLowerCase() : null;
}

/** Audit of a mailbox (or of the whole tenant) switched off, in words; null when the change is something else. */
export function auditSwitchedOff(a: Activity): string | null {
  const p = newValuesByField(a);
  const cmdlet = a.eventType.toLowerCase();
  if (cmdlet === 'set-mailboxauditbypassassociation' && /^true$/i.test(p.get('auditbypassenabled') ?? '')) return `exempted ${p.get('identity') ?? 'an account'} from mailbox auditing (AuditBypassEnabled)`;
  if (cmdlet === 'set-mailbox' && /^false$/i.test(p.get('auditenabled') ?? '')) return `turned mailbox auditing off for ${p.get('identity') ?? 'a mailbox'}`;
  if (cmdlet === 'set-adminauditlogconfig' && /^false$/i.test(p.get('unifiedauditlogingestionenabled') ?? '')) return 'turned off unified audit log ingestion for the whole tenant';
  if (cmdlet === 'set-organizationconfig' && /^true$/i.test(p.get('auditdisabled') ?? '')) return 'turned mailbox auditing off for the whole organisation (AuditDisabled)';
  return null;
}

/** FullAccess or SendAs on a mailbox nobody was delegated before, and mailbox auditing switched off. */
export const mailboxDelegation = defineRule<State, Params>({
  id: 'detection.mailbox-delegation',
  kind: 'builtin',
  title: 'Mailbox delegation or audit bypass',
  description:
    "Someone got FullAccess, SendAs or SendOnBehalf on a mailbox the organisation had not delegated before (shared mailboxes that are delegated routinely are learned, over the first days of grants Parapet reads), or mailbox auditing was switched off: an account exempted with Set-MailboxAuditBypassAssociation, a mailbox's AuditEnabled set to false, mailbox auditing turned off for the whole organisation (Set-OrganizationConfig -AuditDisabled), or the tenant's unified audit log ingestion turned off. Attackers read an executive's mail through a delegate they control, and blind the audit before they do.",
  severity: 'high',
  runbook:
    'Confirm the grant with the mailbox owner and the admin who made it. If unexplained, remove the permission (Remove-MailboxPermission / Remove-RecipientPermission), turn auditing back on, and review what the delegate read or sent (MailItemsAccessed, Send).',
  reference: 'https://learn.microsoft.com/en-us/purview/audit-mailboxes',
  attack: [{ id: 'T1098.002', name: 'Account Manipulation: Additional Email Delegate Permissions' }, { id: 'T1562.008', name: 'Impair Defenses: Disable or Modify Cloud Logs' }],
  learnsFromBenign:
    "the mailbox is one the organisation delegates: later grants on it, to anyone, do not alert",
  actions: ['mail.permission_granted', 'admin.setting_changed'],
  params: { low: { everyGrant: false }, medium: { everyGrant: false }, high: { everyGrant: true } },
  paramDocs: { everyGrant: 'Alert on every FullAccess / SendAs grant, even on mailboxes delegated before.' },
  paramsSchema: z.object({ everyGrant: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 2, learningBasis: 'org', learningGate: false },
  stateKeys(e) {
    if (e.activity.action !== 'mail.permission_granted') return [];
    const mailbox = mailboxOf(e.activity);
    return mailbox ? [`mbx:${mailbox}`, ...feedStartKeys(e.activity), benignKey(mailbox, MAILBOX)] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    if (a.action === 'admin.setting_changed') {
      const what = auditSwitchedOff(a);
      return what ? { findings: [{ explanation: `${actorLabel(a)} ${what} in ${a.app} (${a.eventType}): what happens in those mailboxes is no longer recorded.`, details: { eventType: a.eventType } }] } : {};
    }
    const p = newValuesByField(a);
    const rights = p.get('accessrights') ?? p.get('extendedrights') ?? '';
    const mailbox = mailboxOf(a);
    if (!mailbox || !DELEGATION.test(rights)) return {};
    const key = `mbx:${mailbox}`;
    const stored = state[key] as MailboxHistory | undefined;
    // Grants whose alert an analyst dismissed as benign count as the mailbox's usual delegation from now on.
    const benign = state[benignKey(mailbox, MAILBOX)] as BenignWindows | undefined;
    const pend = (stored?.pend ?? []).filter((t) => !inBenignWindow(benign, t));
    const learnedGrants = (stored?.grants ?? 0) + (stored?.pend ?? []).length - pend.length;
    const first = stored?.first ?? a.time;
    const seen = learnedGrants > 0 ? { grants: learnedGrants, first } : undefined;
    const next: MailboxHistory = { grants: learnedGrants + 1, first, ...(pend.length ? { pend } : {}) };
    // Audit feeds keep about a week: the learning period counts from the first grants Parapet reads.
    const { learning, state: sinceState } = feedLearning(state, a, ctx.learningMs);
    if (learning || (seen && !ctx.params.everyGrant)) return { state: { [key]: next, ...sinceState } };
    const delegate = (p.get('user') ?? p.get('trustee') ?? '').toLowerCase();
    const severity: Severity = seen ? 'medium' : 'high';
    const unlearned = pend.length ? ` but in ${pend.length} grant${pend.length === 1 ? '' : 's'} that alerted and ${pend.length === 1 ? 'was' : 'were'} not dismissed as benign` : '';
    return {
      // A mailbox first delegated in an alert is not learned as routinely delegated until the alert is dismissed as benign.
      state: { [key]: seen ? next : { grants: learnedGrants, first, pend: [...pend, a.time].slice(-MAX_PENDING) }, ...sinceState },
      findings: [
        {
          severity,
          explanation: `${actorLabel(a)} gave ${delegate || 'someone'} ${rights} on the mailbox ${mailbox} in ${a.app} (${a.eventType}); ${seen ? `it has been delegated ${seen.grants} times before` : `nobody had been given access to that mailbox before${unlearned}`}.`,
          baseline: { previousGrants: seen?.grants ?? 0 },
          details: { mailbox, rights, delegate, learns: { type: MAILBOX, key: mailbox } },
          ...(delegate.includes('@') ? { subject: { type: 'user' as const, key: delegate, email: delegate } } : {}),
        },
      ],
    };
  },
  examples: [
    {
      name: "fires: FullAccess to the CEO's mailbox, which nobody was delegated before; and an audit bypass",
      activities: [
        { provider: 'microsoft365', app: 'Exchange', action: 'mail.permission_granted', eventType: 'Add-MailboxPermission', actor: { email: 'exadmin@example.com' }, targets: [{ type: 'mailbox', id: 'ap@example.com', name: 'ap@example.com', changes: [{ field: 'Identity', new: 'ap@example.com' }, { field: 'User', new: 'sam@example.com' }, { field: 'AccessRights', new: 'FullAccess' }] }], time: at(0, 10) },
        { id: 'ceo', provider: 'microsoft365', app: 'Exchange', action: 'mail.permission_granted', eventType: 'Add-MailboxPermission', actor: { email: 'sys@example.com' }, targets: [{ type: 'mailbox', id: 'ceo@example.com', name: 'ceo@example.com', changes: [{ field: 'Identity', new: 'ceo@example.com' }, { field: 'User', new: 'temp.svc@example.com' }, { field: 'AccessRights', new: 'FullAccess' }] }], time: at(3, 2) },
        { id: 'bypass', provider: 'microsoft365', app: 'Exchange', action: 'admin.setting_changed', eventType: 'Set-MailboxAuditBypassAssociation', actor: { email: 'sys@example.com' }, targets: [{ type: 'mailbox', id: 'temp.svc', name: 'temp.svc', changes: [{ field: 'Identity', new: 'temp.svc@example.com' }, { field: 'AuditBypassEnabled', new: 'True' }] }], time: at(3, 1, 55) },
      ],
      expect: { alerts: 2, subjects: ['sys@example.com', 'temp.svc@example.com'], activityIds: [['bypass'], ['ceo']] },
    },
    {
      name: 'no alert for the shared mailbox the helpdesk delegates every week, or for read-only folder permissions',
      activities: [
        ...[0, 7, 14].map((d) => ({ provider: 'microsoft365' as const, app: 'Exchange', action: 'mail.permission_granted' as const, eventType: 'Add-MailboxPermission', actor: { email: 'exadmin@example.com' }, targets: [{ type: 'mailbox' as const, id: 'ap@example.com', name: 'ap@example.com', changes: [{ field: 'Identity', new: 'ap@example.com' }, { field: 'User', new: `clerk${d}@example.com` }, { field: 'AccessRights', new: 'FullAccess' }] }], time: at(d, 10) })),
        { provider: 'microsoft365', app: 'Exchange', action: 'mail.permission_granted', eventType: 'Add-MailboxFolderPermission', actor: { email: 'amy@example.com' }, targets: [{ type: 'mailbox', id: 'amy:\\Calendar', name: 'amy:\\Calendar', changes: [{ field: 'Identity', new: 'amy@example.com:\\Calendar' }, { field: 'User', new: 'bob@example.com' }, { field: 'AccessRights', new: 'Reviewer' }] }], time: at(15, 10) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
