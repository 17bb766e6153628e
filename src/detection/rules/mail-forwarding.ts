import { z } from 'zod';
import type { Action, Activity } from '../../core/activity.js';
import { DAY } from '../../core/clock.js';
import { defineRule } from '../rule.js';
import { actorLabel, userKeyOf } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /** Domains that count as the organisation's own, besides those its users' addresses show. */
  internalDomains: string[];
  /** Alert on forwarding to internal addresses too. */
  includeInternal: boolean;
}

interface DomainState {
  /** When a user of this domain was last seen acting. */
  last: number;
}

/** Parameters that make a mailbox or an inbox rule send mail elsewhere (Exchange cmdlets, Gmail settings). */
const FORWARD_FIELD = /^(forwardingsmtpaddress|forwardingaddress|forwardto|redirectto|forwardasattachmentto|forward(ing)?(_?address|_?email)?|auto_?forward(ing)?(_?address)?|forwarding_?target)$/i;
const ADDRESS = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;

/** Every address an activity forwards mail to, from target changes or the raw cmdlet parameters. */
export function forwardingAddresses(a: Activity): string[] {
  const values: unknown[] = [];
  for (const t of a.targets) for (const c of t.changes ?? []) if (FORWARD_FIELD.test(c.field)) values.push(c.new);
  const params = (a.raw as { Parameters?: unknown }).Parameters;
  if (Array.isArray(params)) {
    for (const p of params as { Name?: unknown; Value?: unknown }[]) if (typeof p?.Name === 'string' && FORWARD_FIELD.test(p.Name)) values.push(p.Value);
  }
  const out = new Set<string>();
  for (const v of values) for (const m of String(v ?? '').matchAll(ADDRESS)) out.add(m[0].toLowerCase());
  return [...out];
}

const MAIL_ACTIONS: readonly Action[] = ['mail.forwarding_set', 'mail.inbox_rule_created', 'mail.inbox_rule_changed'];

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Mailbox forwarding or an inbox rule that sends mail to an outside address. */
export const mailForwarding = defineRule<DomainState, Params>({
  id: 'detection.mail-forwarding',
  kind: 'builtin',
  title: 'Mail forwarded outside the organisation',
  description:
    "A mailbox was set to forward its mail, or an inbox rule was created or changed to forward or redirect messages, to an address outside the organisation's domains. After taking over a mailbox, attackers forward invoices and payment mail to themselves and hide the originals.",
  severity: 'high',
  runbook:
    "Remove the forwarding and the inbox rule (the evidence names them), then treat the mailbox owner's account as compromised: require a new sign-in, reset the password and review recent sign-ins. Block automatic external forwarding in the mail platform if it is not needed.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#suspicious-inbox-forwarding',
  attack: [{ id: 'T1114.003', name: 'Email Collection: Email Forwarding Rule' }],
  // Every activity: the organisation's own domains are learned from who acts, not only from mail changes.
  actions: null,
  params: {
    low: { internalDomains: [], includeInternal: false },
    medium: { internalDomains: [], includeInternal: false },
    high: { internalDomains: [], includeInternal: true },
  },
  paramDocs: {
    internalDomains: "Domains that count as the organisation’s own besides those its users’ addresses show.",
    includeInternal: "Alert on forwarding to internal addresses too.",
  },
  paramsSchema: z.object({ internalDomains: z.array(z.string()), includeInternal: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  stateKeys(e) {
    const user = userKeyOf(e.activity);
    const own = user?.includes('@') ? [`d:${domainOf(user)}`] : [];
    if (!MAIL_ACTIONS.includes(e.activity.action)) return own;
    return [...own, ...forwardingAddresses(e.activity).map((x) => `d:${domainOf(x)}`)];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const user = userKeyOf(a);
    const own = user?.includes('@') && a.outcome !== 'failure' ? domainOf(user) : null;
    // Remember the organisation's domains, writing at most once a day per domain.
    const known = own ? state[`d:${own}`] : undefined;
    const next = own && (!known || known.last < a.time - DAY) ? { [`d:${own}`]: { last: a.time } } : {};
    if (!MAIL_ACTIONS.includes(a.action) || a.outcome === 'failure') return { state: next };
    const internal = (domain: string) =>
      domain === own || ctx.params.internalDomains.some((d) => d.toLowerCase() === domain) || state[`d:${domain}`] !== undefined;
    const addresses = forwardingAddresses(a);
    const external = addresses.filter((x) => !internal(domainOf(x)));
    const flagged = ctx.params.includeInternal ? addresses : external;
    if (flagged.length === 0) return { state: next };
    const target = a.targets.find((t) => t.type === 'mailbox')?.name ?? a.targets[0]?.name ?? 'a mailbox';
    const how = a.action === 'mail.forwarding_set' ? 'set mailbox forwarding' : `${a.action === 'mail.inbox_rule_created' ? 'created' : 'changed'} an inbox rule forwarding mail`;
    return {
      state: next,
      findings: [
        {
          explanation: `${actorLabel(a)} ${how} on ${target} to ${flagged.join(', ')}${external.length ? `, outside the organisation's domains (${[own, ...ctx.params.internalDomains].filter(Boolean).join(', ') || 'none known'})` : ''}.`,
          details: { forwardTo: flagged, external, eventType: a.eventType, mailbox: target },
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
      name: "no alert for a rule that files newsletters, or forwarding to a colleague's domain",
      activities: [
        { action: 'user.login', actor: { email: 'sam@fabrikam.com' }, time: at(1, 9) },
        { action: 'mail.inbox_rule_created', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann\\Newsletters', name: 'Ann', changes: [{ field: 'MoveToFolder', new: 'Newsletters' }] }], time: at(1, 10) },
        { action: 'mail.forwarding_set', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingSmtpAddress', new: 'smtp:ann.backup@contoso.com' }] }], time: at(1, 11) },
        { action: 'mail.forwarding_set', actor: { email: 'ann@contoso.com' }, targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingSmtpAddress', new: 'smtp:sam@fabrikam.com' }] }], time: at(1, 12) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
