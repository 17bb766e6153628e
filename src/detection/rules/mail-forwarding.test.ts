import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { mailForwarding } from './mail-forwarding.js';

describe('detection.mail-forwarding', () => ruleExampleSuite(mailForwarding));

/** `actor` sets forwarding on `mailbox` (an e-mail, or a display name only) to `to`. */
const forwarding = (id: string, to: string, { actor = 'ann@contoso.com', mailbox = 'ann@contoso.com' as string | null, time = at(1, 12) } = {}): ActivityInput => ({
  id,
  provider: 'microsoft365',
  app: 'Exchange',
  action: 'mail.forwarding_set',
  eventType: 'Set-Mailbox',
  actor: { email: actor },
  targets: [{ type: 'mailbox', id: mailbox ?? 'Ann', name: 'Ann', ...(mailbox?.includes('@') ? { email: mailbox } : {}), changes: [{ field: 'ForwardingSmtpAddress', new: `smtp:${to}` }] }],
  time,
});

const VERIFIED = { 'ann@contoso.com': { organisationDomains: ['contoso.com'] }, 'admin@contoso.onmicrosoft.com': { organisationDomains: ['contoso.com'] } };

/** Edges the documented examples leave out. */
describe('detection.mail-forwarding beyond its examples', () => {
  it("before the provider's verified domains are synced, the mailbox's own domain is internal, and the explanation says the list is not synced yet", async () => {
    await expectExample(mailForwarding, { name: 'same domain', activities: [forwarding('inside', 'bob@Contoso.com')], expect: { alerts: 0 } });
    const alerts = await expectExample(mailForwarding, {
      name: 'outside',
      activities: [forwarding('outside', 'drop@gmx.net')],
      expect: { alerts: 1, activityIds: [['outside']], explanationContains: "outside the organisation's domains as far as Parapet knows them (contoso.com; the provider's verified domains are not synced yet)" },
    });
    expect(alerts[0]?.details).toMatchObject({ forwardTo: ['drop@gmx.net'], external: ['drop@gmx.net'], verifiedDomains: [] });
  });

  it("the fallback domain is the mailbox's, not the admin's who set it: an admin at contoso.onmicrosoft.com forwarding Ann's mail to a colleague raises nothing", async () => {
    await expectExample(mailForwarding, { name: 'admin sets it', activities: [forwarding('admin', 'bob@contoso.com', { actor: 'admin@contoso.onmicrosoft.com' })], expect: { alerts: 0 } });
    // With only a display name on the mailbox, the actor's own domain is all there is.
    await expectExample(mailForwarding, {
      name: 'mailbox without an address',
      activities: [forwarding('admin-noaddr', 'bob@contoso.com', { actor: 'admin@contoso.onmicrosoft.com', mailbox: null })],
      expect: { alerts: 1, explanationContains: 'as far as Parapet knows them (contoso.onmicrosoft.com;' },
    });
  });

  it('once the verified domains are known they replace the fallback: forwarding within the mailbox\'s own unverified domain alerts', async () => {
    const alerts = await expectExample(mailForwarding, {
      name: 'verified only',
      directory: { 'ann@contoso-old.com': { organisationDomains: ['contoso.com'] } },
      activities: [forwarding('old', 'bob@contoso-old.com', { actor: 'ann@contoso-old.com', mailbox: 'ann@contoso-old.com' })],
      expect: { alerts: 1, explanationContains: "outside the organisation's verified domains (contoso.com)" },
    });
    expect(alerts[0]?.details).toMatchObject({ verifiedDomains: ['contoso.com'] });
  });

  it('internalDomains adds partners to the verified domains, whatever their case, and the explanation lists both', async () => {
    const settings = { params: { internalDomains: ['Fabrikam.com'] } };
    await expectExample(mailForwarding, { name: 'partner', settings, directory: VERIFIED, activities: [forwarding('partner', 'ap@fabrikam.com')], expect: { alerts: 0 } });
    await expectExample(mailForwarding, {
      name: 'elsewhere',
      settings,
      directory: VERIFIED,
      activities: [forwarding('elsewhere', 'ap@fabrikam.co')],
      expect: { alerts: 1, explanationContains: "outside the organisation's verified domains (contoso.com, fabrikam.com)." },
    });
  });

  it('includeInternal (high sensitivity) alerts on forwarding within the organisation too, without calling it outside; medium does not', async () => {
    const internal = [forwarding('internal', 'bob@contoso.com')];
    await expectExample(mailForwarding, { name: 'medium', directory: VERIFIED, activities: internal, expect: { alerts: 0 } });
    const alerts = await expectExample(mailForwarding, { name: 'high', settings: { sensitivity: 'high' }, directory: VERIFIED, activities: internal, expect: { alerts: 1, activityIds: [['internal']] } });
    expect(alerts[0]?.explanation).toBe('ann@contoso.com set mailbox forwarding on Ann to bob@contoso.com.');
    expect(alerts[0]?.details).toMatchObject({ forwardTo: ['bob@contoso.com'], external: [] });
  });

  it('a mail contact named by its alias resolves like one named by its display name, whatever the case', async () => {
    const directory = { 'ann@contoso.com': { organisationDomains: ['contoso.com'], mailContacts: [{ name: 'Accounts Archive', alias: 'accountsarchive', email: 'ap.archive7731@gmx.com' }] } };
    const byAlias: ActivityInput = { ...forwarding('alias', 'x'), targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardingAddress', new: 'AccountsArchive' }] }] };
    const alerts = await expectExample(mailForwarding, { name: 'alias', directory, activities: [byAlias], expect: { alerts: 1, explanationContains: 'ap.archive7731@gmx.com (mail contact Accounts Archive)' } });
    expect(alerts[0]?.details).toMatchObject({ unresolvedRecipients: [] });
  });

  it('a recipient named but not found among the mail contacts is kept in the details (it cannot be judged, so nothing is claimed about it)', async () => {
    const unknown: ActivityInput = { ...forwarding('unknown', 'x'), targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardTo', new: 'Nobody Known;drop@proton.me' }] }] };
    const alerts = await expectExample(mailForwarding, { name: 'unknown', directory: VERIFIED, activities: [unknown], expect: { alerts: 1 } });
    expect(alerts[0]?.details).toMatchObject({ forwardTo: ['drop@proton.me'], unresolvedRecipients: ['Nobody Known'] });
  });

  it('a failed Set-Mailbox, or a policy change that is no transport rule, raises nothing', async () => {
    await expectExample(mailForwarding, { name: 'failed', directory: VERIFIED, activities: [{ ...forwarding('failed', 'drop@proton.me'), outcome: 'failure' }], expect: { alerts: 0 } });
    const notTransport: ActivityInput = {
      provider: 'microsoft365',
      action: 'security.policy_changed',
      eventType: 'Set-OrganizationConfig',
      actor: { email: 'admin@contoso.onmicrosoft.com' },
      targets: [{ type: 'policy', id: 'org', name: 'org', changes: [{ field: 'ForwardTo', new: 'drop@proton.me' }] }],
      time: at(1, 12),
    };
    await expectExample(mailForwarding, { name: 'not transport', directory: VERIFIED, activities: [notTransport], expect: { alerts: 0 } });
  });

  it('says what was done: a transport rule created or changed, an inbox rule created from PowerShell or changed from the Outlook client', async () => {
    const transport = (eventType: string): ActivityInput => ({
      provider: 'microsoft365',
      action: 'security.policy_changed',
      eventType,
      actor: { email: 'admin@contoso.onmicrosoft.com' },
      targets: [{ type: 'policy', id: 'Copy', name: 'Copy', changes: [{ field: 'RedirectMessageTo', new: 'drop@proton.me' }] }],
      time: at(1, 12),
    });
    const rule = (action: 'mail.inbox_rule_created' | 'mail.inbox_rule_changed', eventType: string): ActivityInput => ({
      provider: 'microsoft365',
      action,
      eventType,
      actor: { email: 'ann@contoso.com' },
      targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardTo', new: 'drop@proton.me' }] }],
      time: at(1, 12),
    });
    const cases: [ActivityInput, string][] = [
      [transport('New-TransportRule'), 'created the transport rule Copy sending mail to drop@proton.me'],
      [transport('Set-TransportRule'), 'changed the transport rule Copy sending mail to drop@proton.me'],
      [rule('mail.inbox_rule_created', 'New-InboxRule'), 'created an inbox rule forwarding mail on Ann to drop@proton.me'],
      [rule('mail.inbox_rule_changed', 'Set-InboxRule'), 'changed an inbox rule forwarding mail on Ann to drop@proton.me'],
      [rule('mail.inbox_rule_changed', 'UpdateInboxRules'), 'changed an inbox rule from the Outlook client forwarding mail on Ann to drop@proton.me'],
    ];
    for (const [activity, words] of cases) {
      await expectExample(mailForwarding, { name: activity.eventType ?? '', directory: VERIFIED, activities: [activity], expect: { alerts: 1, explanationContains: words } });
    }
  });

  it('reads recipients given as a JSON list, and client rule actions given as objects rather than JSON text', async () => {
    const directory = { 'ann@contoso.com': { organisationDomains: ['contoso.com'], mailContacts: [{ name: 'Accounts Archive', alias: 'accountsarchive', email: 'ap.archive7731@gmx.com' }] } };
    const jsonList: ActivityInput = { ...forwarding('json', 'x'), action: 'mail.inbox_rule_created', eventType: 'New-InboxRule', targets: [{ type: 'mailbox', id: 'Ann', name: 'Ann', changes: [{ field: 'ForwardTo', new: '["Accounts Archive", "bob@contoso.com"]' }] }] };
    const [fromList] = await expectExample(mailForwarding, { name: 'json list', directory, activities: [jsonList], expect: { alerts: 1 } });
    expect(fromList?.details).toMatchObject({ forwardTo: ['ap.archive7731@gmx.com'], unresolvedRecipients: [] });
    const objects: ActivityInput = {
      ...forwarding('objects', 'x'),
      action: 'mail.inbox_rule_changed',
      eventType: 'UpdateInboxRules',
      targets: [],
      raw: { OperationProperties: [{ Name: 'RuleActions', Value: [{ ActionType: 'MoveToFolderAction', Recipients: null }, { ActionType: 'ForwardToRecipientsAction', Recipients: ['Drop <drop@proton.me>', 'Accounts Archive'] }] }] },
    };
    const [fromObjects] = await expectExample(mailForwarding, { name: 'objects', directory, activities: [objects], expect: { alerts: 1 } });
    expect(fromObjects?.details).toMatchObject({ forwardTo: expect.arrayContaining(['drop@proton.me', 'ap.archive7731@gmx.com']) as unknown, unresolvedRecipients: [] });
  });

  it('low sensitivity does not alert on forwarding within the organisation either', async () => {
    await expectExample(mailForwarding, { name: 'low', settings: { sensitivity: 'low' }, directory: VERIFIED, activities: [forwarding('internal', 'bob@contoso.com')], expect: { alerts: 0 } });
  });
});
