import { z } from 'zod';
import type { Action, Activity } from '../../core/activity.js';
import { domainOf } from '../../core/email.js';
import { defineRule, type MailContact } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /** Domains that count as the organisation's own besides the verified domains the provider reports. */
  internalDomains: string[];
  /** Alert on forwarding to internal addresses too. */
  includeInternal: boolean;
}

/**
 * Parameters that make a mailbox, an inbox rule or a transport rule send mail elsewhere: Exchange cmdlets
 * (`ForwardTo`, `RedirectTo`, `ForwardingSmtpAddress`, transport rules' `RedirectMessageTo`, `BlindCopyTo`,
 * `AddToRecipients`, `CopyTo`), Outlook client rules (`RuleActions` of `UpdateInboxRules`) and Gmail settings.
 */
const FORWARD_FIELD = /^(forwardingsmtpaddress|forwardingaddress|forwardto|redirectto|forwardasattachmentto|redirectmessageto|blindcopyto|addtorecipients|copyto|forward(ing)?(_?address|_?email)?|auto_?forward(ing)?(_?address)?|forwarding_?target)$/i;
/** A client rule's actions: only the forwarding and redirecting ones count (a move to a folder does not). */
const RULE_ACTIONS_FIELD = /^ruleactions$/i;
const FORWARDING_ACTION = /forward|redirect/i;
const ADDRESS = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;

/**
 * Parameters that may name a recipient instead of giving an address: a mail contact (or a mailbox) by display
 * name or alias, e.g. `Set-Mailbox -ForwardingAddress "Archive Backup"` or `New-InboxRule -ForwardTo "Archive Backup"`.
 */
const RECIPIENT_FIELD = /^(forwardingaddress|forwardto|redirectto|forwardasattachmentto|redirectmessageto|blindcopyto|addtorecipients|copyto)$/i;

/** The recipients a parameter names without an address: a list (`a;b`), a JSON array, or one name. */
function namedRecipients(value: unknown): string[] {
  let items: unknown[] = [value];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) items = parsed;
    } catch {
      // not JSON: one name or a list
    }
  }
  return items
    .flatMap((v) => (typeof v === 'string' ? v.split(';') : []))
    .map((v) => v.trim().replace(/^"|"$/g, '').trim())
    .filter((v) => v !== '' && !v.includes('@') && v !== '$null');
}

/** Recipients named in an Outlook client rule's forwarding or redirecting actions (`RuleActions` JSON). */
function ruleActionRecipients(value: unknown): string[] {
  let actions: unknown = value;
  if (typeof value === 'string') {
    try {
      actions = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((x) => {
    const action = x as { ActionType?: unknown; Recipients?: unknown };
    return FORWARDING_ACTION.test(String(action?.ActionType ?? '')) ? namedRecipients(action.Recipients) : [];
  });
}

/**
 * Every address an activity forwards mail to, from target changes or the raw cmdlet parameters; recipients
 * given by name are resolved through the organisation's mail contacts (`labels` says which were).
 */
export function forwardingRecipients(a: Activity, contacts: readonly MailContact[] = []): { addresses: string[]; labels: Map<string, string>; unresolved: string[] } {
  const values: unknown[] = [];
  const named: string[] = [];
  const consider = (field: string, value: unknown) => {
    if (FORWARD_FIELD.test(field)) values.push(value);
    else if (RULE_ACTIONS_FIELD.test(field) && FORWARDING_ACTION.test(typeof value === 'string' ? value : JSON.stringify(value ?? ''))) values.push(typeof value === 'string' ? value : JSON.stringify(value));
    if (RECIPIENT_FIELD.test(field)) named.push(...namedRecipients(value));
    else if (RULE_ACTIONS_FIELD.test(field)) named.push(...ruleActionRecipients(value));
  };
  for (const t of a.targets) for (const c of t.changes ?? []) consider(c.field, c.new);
  const raw = a.raw as { Parameters?: unknown; OperationProperties?: unknown };
  for (const list of [raw.Parameters, raw.OperationProperties]) {
    if (!Array.isArray(list)) continue;
    for (const p of list as { Name?: unknown; Value?: unknown }[]) if (typeof p?.Name === 'string') consider(p.Name, p.Value);
  }
  const out = new Set<string>();
  for (const v of values) for (const m of String(v ?? '').matchAll(ADDRESS)) out.add(m[0].toLowerCase());
  const labels = new Map<string, string>();
  const unresolved: string[] = [];
  for (const name of new Set(named)) {
    const lower = name.toLowerCase();
    // Addresses were taken above; a name without '@' is a contact's display name or alias.
    const contact = contacts.find((c) => c.name?.toLowerCase() === lower || c.alias?.toLowerCase() === lower);
    if (contact) {
      out.add(contact.email);
      labels.set(contact.email, `mail contact ${contact.name ?? contact.alias ?? name}`);
    } else unresolved.push(name);
  }
  return { addresses: [...out], labels, unresolved };
}

const MAIL_ACTIONS: readonly Action[] = ['mail.forwarding_set', 'mail.inbox_rule_created', 'mail.inbox_rule_changed'];
/** Exchange transport rules arrive as policy changes; their cmdlet names say which. */
const TRANSPORT_RULE = /transportrule/i;


/** Mailbox forwarding, an inbox rule or a transport rule that sends mail to an outside address. */
export const mailForwarding = defineRule<never, Params>({
  id: 'detection.mail-forwarding',
  kind: 'builtin',
  title: 'Mail forwarded outside the organisation',
  description:
    "A mailbox was set to forward its mail, an inbox rule (from PowerShell or from the Outlook client) was created or changed to forward or redirect messages, or a transport rule was set to redirect, copy or blind-copy mail, to an address outside the organisation's verified domains. The verified domains are the provider's own list (Microsoft 365: Graph `/domains`), never domains merely seen on someone acting, so a guest from the attacker's domain cannot make it internal. After taking over a mailbox, attackers forward invoices and payment mail to themselves and hide the originals.",
  severity: 'high',
  runbook:
    "Remove the forwarding and the inbox or transport rule (the evidence names them), then treat the account that made it as compromised: require a new sign-in, reset the password and review recent sign-ins. Block automatic external forwarding in the mail platform if it is not needed.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#suspicious-inbox-forwarding',
  attack: [{ id: 'T1114.003', name: 'Email Collection: Email Forwarding Rule' }],
  actions: [...MAIL_ACTIONS, 'security.policy_changed'],
  params: {
    low: { internalDomains: [], includeInternal: false },
    medium: { internalDomains: [], includeInternal: false },
    high: { internalDomains: [], includeInternal: true },
  },
  paramDocs: {
    internalDomains: "Domains that count as the organisation’s own besides the verified domains its provider reports.",
    includeInternal: "Alert on forwarding to internal addresses too.",
  },
  paramsSchema: z.object({ internalDomains: z.array(z.string()), includeInternal: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  needsDirectory: true,
  evaluate(e, _state, ctx) {
    const a = e.activity;
    const transport = a.action === 'security.policy_changed';
    if (transport && !TRANSPORT_RULE.test(a.eventType)) return {};
    if (a.outcome === 'failure') return {};
    const facts = ctx.directory(a);
    const { addresses, labels, unresolved } = forwardingRecipients(a, facts?.mailContacts ?? []);
    if (addresses.length === 0) return {};
    const verified = [...(facts?.organisationDomains ?? [])];
    const configured = ctx.params.internalDomains.map((d) => d.toLowerCase());
    // Without the provider's list (not synced yet, or a provider that has none), only the mailbox's own domain.
    const owner = a.targets.find((t) => t.type === 'mailbox')?.email ?? a.actor.email;
    const ownDomain = verified.length === 0 ? domainOf(owner) : null;
    const fallback = ownDomain ? [ownDomain] : [];
    const internal = new Set([...verified, ...configured, ...fallback]);
    const external = addresses.filter((x) => !internal.has(domainOf(x) ?? x.toLowerCase()));
    const flagged = ctx.params.includeInternal ? addresses : external;
    if (flagged.length === 0) return {};
    const target = a.targets.find((t) => t.type === 'mailbox')?.name ?? a.targets[0]?.name ?? 'a mailbox';
    const how = transport
      ? `${/^new-/i.test(a.eventType) ? 'created' : 'changed'} the transport rule ${target} sending mail`
      : a.action === 'mail.forwarding_set'
        ? `set mailbox forwarding on ${target}`
        : `${a.action === 'mail.inbox_rule_created' ? 'created' : 'changed'} an inbox rule${/updateinboxrules/i.test(a.eventType) ? ' from the Outlook client' : ''} forwarding mail on ${target}`;
    const domainsWords = verified.length
      ? `the organisation's verified domains (${[...verified, ...configured].join(', ')})`
      : `the organisation's domains as far as Parapet knows them (${[...internal].join(', ') || 'none'}; the provider's verified domains are not synced yet)`;
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} ${how} to ${flagged.map((x) => (labels.has(x) ? `${x} (${labels.get(x)})` : x)).join(', ')}${external.length ? `, outside ${domainsWords}` : ''}.`,
          details: { forwardTo: flagged, external, eventType: a.eventType, mailbox: target, verifiedDomains: verified, unresolvedRecipients: unresolved },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: an inbox rule forwarding payment mail to a Proton Mail address, then mailbox forwarding',
      activities: [
        {
          id: 'rule',
          provider: 'microsoft365',
          app: 'Exchange',
          action: 'mail.inbox_rule_created',
          eventType: 'New-InboxRule',
          actor: { email: 'johanna@contoso.com' },
          targets: [
            {
              type: 'mailbox',
              id: 'Johanna\\.',
              name: 'Johanna Lorenz',
              changes: [
                { field: 'Name', new: '.' },
                { field: 'ForwardTo', new: 'archive.backup2291@protonmail.com' },
                { field: 'MoveToFolder', new: 'RSS Subscriptions' },
              ],
            },
          ],
          time: at(9, 20, 18),
        },
        {
          id: 'fwd',
          provider: 'microsoft365',
          app: 'Exchange',
          action: 'mail.forwarding_set',
          eventType: 'Set-Mailbox',
          actor: { email: 'johanna@contoso.com' },
          targets: [{ type: 'mailbox', id: 'Johanna Lorenz', name: 'Johanna Lorenz' }],
          raw: { Parameters: [{ Name: 'ForwardingSmtpAddress', Value: 'smtp:archive.backup2291@protonmail.com' }] },
          time: at(9, 20, 21),
        },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['johanna@contoso.com'], activityIds: [['rule', 'fwd']], explanationContains: 'archive.backup2291@protonmail.com' },
    },
    {
      name: "no alert for a rule that files newsletters, or forwarding to one of the organisation's verified domains",
      directory: { 'ann@contoso.com': { organisationDomains: ['contoso.com', 'fabrikam.com'] } },
      activities: [
        { action: 'mail.inbox_rule_created', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann\\Newsletters', name: 'Ann', changes: [{ field: 'MoveToFolder', new: 'Newsletters' }] }], time: at(1, 10) },
        { action: 'mail.forwarding_set', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingSmtpAddress', new: 'smtp:ann.backup@contoso.com' }] }], time: at(1, 11) },
        { action: 'mail.forwarding_set', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingSmtpAddress', new: 'smtp:sam@fabrikam.com' }] }], time: at(1, 12) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires: mailbox forwarding to a mail contact given by name (Set-Mailbox -ForwardingAddress), resolved to its outside address',
      directory: { 'ann@contoso.com': { organisationDomains: ['contoso.com', 'contoso.co.uk'], mailContacts: [{ name: 'Archive Backup', alias: 'archivebackup', email: 'drop@proton.me' }, { name: 'UK Payroll', alias: 'ukpayroll', email: 'payroll@contoso.co.uk' }] } },
      activities: [
        { id: 'contact-fwd', provider: 'microsoft365', action: 'mail.forwarding_set', eventType: 'Set-Mailbox', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingAddress', new: 'Archive Backup' }] }], time: at(1, 12) },
        { provider: 'microsoft365', action: 'mail.forwarding_set', eventType: 'Set-Mailbox', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingAddress', new: 'ukpayroll' }] }], time: at(1, 13) },
      ],
      expect: { alerts: 1, activityIds: [['contact-fwd']], explanationContains: 'drop@proton.me (mail contact Archive Backup)' },
    },
    {
      name: 'fires: an inbox rule forwarding to a mail contact by name (New-InboxRule -ForwardTo), and an Outlook client rule redirecting to one; not for a contact at a verified domain',
      directory: {
        'ann@contoso.com': {
          organisationDomains: ['contoso.com', 'uk.contoso.com'],
          mailContacts: [
            { name: 'Accounts Archive', alias: 'accountsarchive', email: 'ap.archive7731@gmx.com' },
            { name: 'UK Payroll', alias: 'ukpayroll', email: 'payroll@uk.contoso.com' },
          ],
        },
      },
      activities: [
        { id: 'rule-contact', provider: 'microsoft365', action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann\\Invoices', name: 'Ann', changes: [{ field: 'Name', new: 'Invoices' }, { field: 'ForwardTo', new: 'Accounts Archive' }] }], time: at(1, 12) },
        {
          id: 'owa-contact',
          provider: 'microsoft365',
          action: 'mail.inbox_rule_changed',
          eventType: 'UpdateInboxRules',
          actor: { email: 'ann@contoso.com' },
          targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'RuleName', new: 'Archive' }, { field: 'RuleActions', new: '[{"ActionType":"RedirectToRecipientsAction","Recipients":["Accounts Archive"]}]' }] }],
          time: at(1, 12, 30),
        },
        { provider: 'microsoft365', action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann\\Payslips', name: 'Ann', changes: [{ field: 'Name', new: 'Payslips' }, { field: 'ForwardTo', new: 'UK Payroll;ukpayroll' }] }], time: at(1, 13) },
      ],
      expect: { alerts: 1, activityIds: [['rule-contact', 'owa-contact']], explanationContains: 'ap.archive7731@gmx.com (mail contact Accounts Archive)' },
    },
    {
      name: "fires although someone from the attacker's domain acted in the tenant (a guest): only verified domains are internal",
      directory: { 'ann@contoso.com': { organisationDomains: ['contoso.com'] } },
      activities: [
        { action: 'user.login', actor: { email: 'guest@evil-mail.net' }, time: at(1, 9) },
        { action: 'file.viewed', actor: { email: 'guest@evil-mail.net' }, time: at(1, 9, 5) },
        { id: 'guest-fwd', action: 'mail.forwarding_set', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingSmtpAddress', new: 'smtp:drop@evil-mail.net' }] }], time: at(1, 12) },
      ],
      expect: { alerts: 1, activityIds: [['guest-fwd']], explanationContains: 'outside the organisation\'s verified domains (contoso.com)' },
    },
    {
      name: 'fires: an Outlook client rule (UpdateInboxRules) that forwards to an outside address',
      directory: { 'ann@contoso.com': { organisationDomains: ['contoso.com'] } },
      activities: [
        {
          id: 'owa-rule',
          provider: 'microsoft365',
          action: 'mail.inbox_rule_changed',
          eventType: 'UpdateInboxRules',
          actor: { email: 'ann@contoso.com' },
          targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'RuleName', new: '..' }, { field: 'RuleActions', new: '[{"ActionType":"ForwardToRecipientsAction","Recipients":["Drop <drop@proton.me>"]}]' }] }],
          time: at(1, 12),
        },
      ],
      expect: { alerts: 1, activityIds: [['owa-rule']], explanationContains: 'drop@proton.me' },
    },
    {
      name: 'fires: a transport rule that blind-copies mail to an outside address',
      directory: { 'admin@contoso.com': { organisationDomains: ['contoso.com'] } },
      activities: [
        {
          id: 'bcc-rule',
          provider: 'microsoft365',
          action: 'security.policy_changed',
          eventType: 'New-TransportRule',
          actor: { email: 'admin@contoso.com', type: 'admin' },
          targets: [{ type: 'policy', id: 'Audit copy', name: 'Audit copy', changes: [{ field: 'Name', new: 'Audit copy' }, { field: 'BlindCopyTo', new: 'collector@evil-mail.net' }] }],
          time: at(1, 12),
        },
      ],
      expect: { alerts: 1, activityIds: [['bcc-rule']], explanationContains: 'transport rule' },
    },
    {
      name: 'no alert for a transport rule that adds a disclaimer, nor one redirecting to an internal mailbox',
      directory: { 'admin@contoso.com': { organisationDomains: ['contoso.com'] } },
      activities: [
        { provider: 'microsoft365', action: 'security.policy_changed', eventType: 'New-TransportRule', actor: { email: 'admin@contoso.com', type: 'admin' }, targets: [{ type: 'policy', id: 'Disclaimer', name: 'Disclaimer', changes: [{ field: 'ApplyHtmlDisclaimerText', new: 'Confidential: legal@contoso.com' }] }], time: at(1, 12) },
        { provider: 'microsoft365', action: 'security.policy_changed', eventType: 'Set-TransportRule', actor: { email: 'admin@contoso.com', type: 'admin' }, targets: [{ type: 'policy', id: 'Invoices', name: 'Invoices', changes: [{ field: 'RedirectMessageTo', new: 'ap@contoso.com' }] }], time: at(1, 13) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
