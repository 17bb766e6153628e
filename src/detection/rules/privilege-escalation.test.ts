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
