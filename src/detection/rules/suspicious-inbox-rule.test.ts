import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { suspiciousInboxRule } from './suspicious-inbox-rule.js';

describe('detection.suspicious-inbox-rule', () => ruleExampleSuite(suspiciousInboxRule));

const rule = (id: string, changes: Record<string, string>): ActivityInput => ({
  id,
  provider: 'microsoft365',
  app: 'Exchange',
  action: 'mail.inbox_rule_created',
  eventType: 'New-InboxRule',
  actor: { email: 'pat@example.com' },
  targets: [{ type: 'mailbox', id: 'Pat', name: 'Pat', changes: Object.entries(changes).map(([field, value]) => ({ field, new: value })) }],
  time: at(3, 21),
});

/** Each hiding sign on its own terms (medium: two signs alert), beyond the documented examples. */
describe('detection.suspicious-inbox-rule sign by sign', () => {

  it('a two-letter name is obfuscated: with mark-as-read, two signs', async () => {
    await expectExample(suspiciousInboxRule, { name: 'ab', activities: [rule('r', { Name: 'ab', MarkAsRead: 'True' })], expect: { alerts: 1, explanationContains: 'has an obfuscated name ("ab")' } });
    await expectExample(suspiciousInboxRule, { name: 'abc', activities: [rule('r', { Name: 'abc', MarkAsRead: 'True' })], expect: { alerts: 0 } });
  });

  it('a permanent delete is a delete', async () => {
    await expectExample(suspiciousInboxRule, { name: 'permanent', activities: [rule('r', { Name: 'Newsletters', PermanentDelete: 'True', MarkAsRead: 'True' })], expect: { alerts: 1, explanationContains: 'deletes the messages' } });
  });

  it('a folder people read is no sign: filing receipts and marking them read raises nothing', async () => {
    await expectExample(suspiciousInboxRule, { name: 'receipts', activities: [rule('r', { Name: 'Receipts', MoveToFolder: 'Receipts', MarkAsRead: 'True' })], expect: { alerts: 0 } });
    await expectExample(suspiciousInboxRule, { name: 'archive', activities: [rule('r', { Name: 'Receipts', MoveToFolder: 'Archive', MarkAsRead: 'True' })], expect: { alerts: 1, explanationContains: 'moves them to "Archive"' } });
  });

  it('an obfuscated name with any other sign alerts even at low sensitivity (three signs otherwise)', async () => {
    await expectExample(suspiciousInboxRule, { name: 'low, obfuscated', settings: { sensitivity: 'low' }, activities: [rule('r', { Name: '.', DeleteMessage: 'True' })], expect: { alerts: 1 } });
    await expectExample(suspiciousInboxRule, { name: 'low, named', settings: { sensitivity: 'low' }, activities: [rule('r', { Name: 'Cleanup', DeleteMessage: 'True', MarkAsRead: 'True' })], expect: { alerts: 0 } });
  });
});
