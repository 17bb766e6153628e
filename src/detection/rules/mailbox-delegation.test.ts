import { describe, expect, it } from 'vitest';
import { buildActivity } from '../activity-builder.js';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { auditSwitchedOff, mailboxDelegation } from './mailbox-delegation.js';

describe('detection.mailbox-delegation', () => ruleExampleSuite(mailboxDelegation));

describe('auditSwitchedOff: each way Exchange auditing is turned off, and the same commands turning it on', () => {
  const cmdlet = (eventType: string, parameters: Record<string, string>) =>
    buildActivity({
      provider: 'microsoft365',
      app: 'Exchange',
      action: 'admin.setting_changed',
      eventType,
      actor: { email: 'sys@example.com' },
      targets: [{ type: 'mailbox', id: 'x', name: 'x', changes: Object.entries(parameters).map(([field, value]) => ({ field, new: value })) }],
      time: at(3, 2),
    });

  it.each([
    ['Set-MailboxAuditBypassAssociation', { Identity: 'svc@example.com', AuditBypassEnabled: 'True' }, 'exempted svc@example.com from mailbox auditing (AuditBypassEnabled)'],
    ['Set-MailboxAuditBypassAssociation', { Identity: 'svc@example.com', AuditBypassEnabled: 'False' }, null],
    ['Set-Mailbox', { Identity: 'ceo@example.com', AuditEnabled: 'False' }, 'turned mailbox auditing off for ceo@example.com'],
    ['Set-Mailbox', { Identity: 'ceo@example.com', AuditEnabled: 'True' }, null],
    ['Set-Mailbox', { Identity: 'ceo@example.com', AuditBypassEnabled: 'True' }, null],
    ['Set-AdminAuditLogConfig', { UnifiedAuditLogIngestionEnabled: 'False' }, 'turned off unified audit log ingestion for the whole tenant'],
    ['Set-AdminAuditLogConfig', { UnifiedAuditLogIngestionEnabled: 'True' }, null],
    ['Set-OrganizationConfig', { AuditDisabled: 'True' }, 'turned mailbox auditing off for the whole organisation (AuditDisabled)'],
    ['Set-OrganizationConfig', { AuditDisabled: 'False' }, null],
    ['Set-TransportConfig', { AuditDisabled: 'True', UnifiedAuditLogIngestionEnabled: 'False' }, null],
  ])('%s %j', (eventType, parameters, expected) => {
    expect(auditSwitchedOff(cmdlet(eventType, parameters))).toBe(expected);
  });
});
