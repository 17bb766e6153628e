import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';
import { newValuesByField } from './shared.js';

interface Params {
  /** How many of the hiding signs (delete, obscure folder, mark as read, obfuscated name, security words) make an alert. */
  minSigns: number;
}

/** Folders nobody reads: where attackers file the replies and warnings they do not want the victim to see. */
const OBSCURE_FOLDERS = /^\\?(rss ?(feeds|subscriptions)|conversation history|deleted items|junk e-?mail|archive|notes|sync issues|outbox|scheduled)$/i;
/** Words that show the rule hides the victim's warnings (the bank calling back, IT asking about a sign-in). */
const WATCH_WORDS = /password|security|phish|hack|compromis|suspicious|fraud|scam|verify|invoice|payment|wire|bank|helpdesk|it support|mfa|sign-?in/i;
const TRUE = /^(true|1|yes)$/i;

/** A rule name that says nothing: only punctuation or spaces, or one or two characters. */
export function obfuscatedName(name: string): boolean {
  const text = name.trim();
  return text.length <= 2 || /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]+$/u.test(text);
}

function hidingSigns(a: Activity): { signs: string[]; obfuscated: boolean } {
  const p = newValuesByField(a);
  const signs: string[] = [];
  if (TRUE.test(p.get('deletemessage') ?? '') || TRUE.test(p.get('softdeletemessage') ?? '') || TRUE.test(p.get('permanentdelete') ?? '')) signs.push('deletes the messages');
  const folder = (p.get('movetofolder') ?? p.get('copytofolder') ?? '').replace(/^.*[\\:]/, '').trim();
  if (folder && OBSCURE_FOLDERS.test(folder)) signs.push(`moves them to "${folder}"`);
  if (TRUE.test(p.get('markasread') ?? '')) signs.push('marks them as read');
  const name = p.get('name');
  const obfuscated = name !== undefined && obfuscatedName(name);
  if (obfuscated) signs.push(`has an obfuscated name ("${name}")`);
  const words = ['subjectcontainswords', 'subjectorbodycontainswords', 'bodycontainswords', 'fromaddresscontainswords'].map((k) => p.get(k) ?? '').join(';');
  if (WATCH_WORDS.test(words)) signs.push(`matches words like "${WATCH_WORDS.exec(words)?.[0]}"`);
  return { signs, obfuscated };
}

/** An inbox rule built to hide mail from its owner: deleting, filing away, marking read, under a blank name. */
export const suspiciousInboxRule = defineRule<never, Params>({
  id: 'detection.suspicious-inbox-rule',
  kind: 'builtin',
  title: 'Inbox rule that hides mail',
  description:
    'An inbox rule was created or changed that hides mail from its owner: it deletes messages, moves them to a folder nobody reads (RSS Feeds, Conversation History, Archive...), marks them as read, watches for words like "invoice" or "password", or has a name that says nothing ("." or ".."). Business e-mail compromise uses such rules so the victim never sees the replies or the warnings.',
  severity: 'high',
  runbook:
    "Look at the rule in the mailbox (Get-InboxRule) with its owner. If they did not create it, remove it, reset the password, revoke sessions, and read the mail it hid: it often holds the fraud's conversation. Check the same sign-in for forwarding and OAuth consents.",
  reference: 'https://learn.microsoft.com/en-us/defender-office-365/detect-and-remediate-outlook-rules-forms-attack',
  attack: [{ id: 'T1564.008', name: 'Hide Artifacts: Email Hiding Rules' }],
  actions: ['mail.inbox_rule_created', 'mail.inbox_rule_changed'],
  params: { low: { minSigns: 3 }, medium: { minSigns: 2 }, high: { minSigns: 1 } },
  paramDocs: { minSigns: 'How many hiding signs (delete, obscure folder, mark as read, obfuscated name, watch words) one rule needs; an obfuscated name with any other sign always alerts.' },
  paramsSchema: z.object({ minSigns: z.number().int().min(1).max(5) }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e, _state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    const { signs, obfuscated } = hidingSigns(a);
    // A name that hides what the rule does, with anything else it does to hide mail, is enough at any sensitivity.
    if (signs.length < ctx.params.minSigns && !(obfuscated && signs.length >= 2)) return {};
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} set an inbox rule in ${a.app} (${a.eventType}) that ${signs.join(', ')}: a rule built to hide mail from its owner.`,
          details: { signs, eventType: a.eventType },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a rule named "." that files mail about payments in RSS Feeds and marks it read',
      activities: [
        {
          id: 'rule',
          provider: 'microsoft365',
          app: 'Exchange',
          action: 'mail.inbox_rule_created',
          eventType: 'New-InboxRule',
          actor: { email: 'pat@example.com' },
          targets: [{ type: 'mailbox', id: 'Pat\\.', name: 'Pat\\.', changes: [{ field: 'Name', new: '.' }, { field: 'SubjectOrBodyContainsWords', new: 'invoice;payment' }, { field: 'MoveToFolder', new: 'RSS Feeds' }, { field: 'MarkAsRead', new: 'True' }] }],
          time: at(3, 21),
        },
      ],
      expect: { alerts: 1, subjects: ['pat@example.com'], activityIds: [['rule']], explanationContains: 'moves them to "RSS Feeds", marks them as read, has an obfuscated name (".")' },
    },
    {
      name: 'fires: a rule that deletes mail mentioning a suspicious sign-in',
      activities: [
        { id: 'del', provider: 'microsoft365', app: 'Exchange', action: 'mail.inbox_rule_changed', eventType: 'Set-InboxRule', actor: { email: 'ann@example.com' }, targets: [{ type: 'mailbox', id: 'Ann\\Clean', name: 'Ann\\Clean', changes: [{ field: 'Name', new: 'Clean up' }, { field: 'SubjectContainsWords', new: 'suspicious sign-in;security alert' }, { field: 'DeleteMessage', new: 'True' }] }], time: at(2, 9) },
      ],
      expect: { alerts: 1, activityIds: [['del']] },
    },
    {
      name: 'no alert for everyday rules: newsletters to their own folder, a named rule that deletes a vendor\'s spam, an archive rule',
      activities: [
        { provider: 'microsoft365', app: 'Exchange', action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', actor: { email: 'a@example.com' }, targets: [{ type: 'mailbox', id: 'A\\Newsletters', name: 'A\\Newsletters', changes: [{ field: 'Name', new: 'Newsletters' }, { field: 'FromAddressContainsWords', new: 'newsletter;digest' }, { field: 'MoveToFolder', new: 'Newsletters' }, { field: 'StopProcessingRules', new: 'True' }] }], time: at(1, 10) },
        { provider: 'microsoft365', app: 'Exchange', action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', actor: { email: 'b@example.com' }, targets: [{ type: 'mailbox', id: 'B\\Vendor spam', name: 'B\\Vendor spam', changes: [{ field: 'Name', new: 'Vendor spam' }, { field: 'From', new: 'promo@vendor.example' }, { field: 'DeleteMessage', new: 'True' }] }], time: at(1, 11) },
        { provider: 'microsoft365', app: 'Exchange', action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', actor: { email: 'c@example.com' }, targets: [{ type: 'mailbox', id: 'C\\Old alerts', name: 'C\\Old alerts', changes: [{ field: 'Name', new: 'Jira notifications' }, { field: 'FromAddressContainsWords', new: 'jira@' }, { field: 'MoveToFolder', new: 'Archive' }] }], time: at(1, 12) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
