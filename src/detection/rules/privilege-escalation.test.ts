import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { privilegeEscalation } from './privilege-escalation.js';

describe('detection.privilege-escalation', () => ruleExampleSuite(privilegeEscalation));

describe('detection.privilege-escalation: an admin consent, in words and by sensitivity', () => {
  const grant = (scope: string): ActivityInput => ({
    id: 'grant',
    provider: 'microsoft365',
    app: 'Entra ID',
    action: 'app.permissions_expanded',
    eventType: 'Add delegated permission grant.',
    actor: { email: 'alex@example.com', isAdmin: true },
    targets: [
      { type: 'app', id: 'sp-graph', name: 'Microsoft Graph', changes: [{ field: 'DelegatedPermissionGrant.Scope', new: scope }, { field: 'DelegatedPermissionGrant.ConsentType', new: 'AllPrincipals' }] },
      { type: 'app', id: 'sp-pdf', name: 'PDF Converter Online' },
    ],
    time: at(3, 10),
  });

  it('names the app, the API it gained permissions on and the scopes; the alert is about who consented', async () => {
    const alerts = await expectExample(privilegeEscalation, { name: 'offline mail', activities: [grant('User.Read Mail.Read offline_access')], expect: { alerts: 1, severity: 'medium' } });
    expect(alerts.map((a) => [a.subject.type, a.subject.key, a.explanation])).toEqual([
      ['user', 'alex@example.com', 'alex@example.com expanded the permissions of PDF Converter Online on Microsoft Graph in Entra ID: the app gained Mail.Read, offline_access for everyone in the organisation (admin consent).'],
    ]);
  });

  it('mail read without offline access is reviewed at high sensitivity only', async () => {
    await expectExample(privilegeEscalation, { name: 'medium', activities: [grant('User.Read Mail.Read')], expect: { alerts: 0 } });
    await expectExample(privilegeEscalation, { name: 'high', settings: { sensitivity: 'high' }, activities: [grant('User.Read Mail.Read')], expect: { alerts: 1, severity: 'medium' } });
  });
});

describe('detection.privilege-escalation: role and mailbox grants by an admin to someone else', () => {
  const role = (name: string, isAdmin: boolean | null = true): ActivityInput => ({
    id: 'role',
    provider: 'microsoft365',
    app: 'Entra ID',
    action: 'admin.role_assigned',
    eventType: 'Add member to role.',
    actor: { email: 'alex@example.com', isAdmin },
    targets: [{ type: 'user', id: 'u-kim', name: 'Kim', email: 'kim@example.com' }, { type: 'role', id: 'r', name }],
    time: at(3, 10),
  });
  const mailbox = (rights: string): ActivityInput => ({
    id: 'mbx',
    provider: 'microsoft365',
    app: 'Exchange',
    action: 'mail.permission_granted',
    eventType: 'Add-MailboxPermission',
    actor: { email: 'alex@example.com', isAdmin: true },
    targets: [{ type: 'user', id: 'u-kim', name: 'Kim', email: 'kim@example.com', changes: [{ field: 'AccessRights', new: rights }] }],
    time: at(3, 10),
  });

  it('an administrative role given by an admin is reviewed at high sensitivity only; a role without administration never', async () => {
    await expectExample(privilegeEscalation, { name: 'medium', activities: [role('Exchange Administrator')], expect: { alerts: 0 } });
    await expectExample(privilegeEscalation, {
      name: 'high',
      settings: { sensitivity: 'high' },
      activities: [role('Exchange Administrator')],
      expect: { alerts: 1, severity: 'medium', explanationContains: 'alex@example.com gave kim@example.com Exchange Administrator in Entra ID: the sensitivity is high: every administrative grant is reviewed.' },
    });
    await expectExample(privilegeEscalation, { name: 'plain role', settings: { sensitivity: 'high' }, activities: [role('Reports Reader')], expect: { alerts: 0 } });
  });

  it('any mailbox permission an admin gives is reviewed at high sensitivity only', async () => {
    await expectExample(privilegeEscalation, { name: 'medium', activities: [mailbox('ReadPermission')], expect: { alerts: 0 } });
    await expectExample(privilegeEscalation, { name: 'high', settings: { sensitivity: 'high' }, activities: [mailbox('ReadPermission')], expect: { alerts: 1, explanationContains: 'gave kim@example.com ReadPermission in Exchange' } });
  });

  it('a grant by someone the inventory knows is not an admin alerts high at every sensitivity, saying so', async () => {
    await expectExample(privilegeEscalation, { name: 'not admin', settings: { sensitivity: 'low' }, activities: [role('Reports Reader', false)], expect: { alerts: 1, severity: 'high', explanationContains: ': the actor is not an admin in the inventory.' } });
    await expectExample(privilegeEscalation, { name: 'unknown', settings: { sensitivity: 'low' }, activities: [role('Reports Reader', null)], expect: { alerts: 0 } });
  });
});
