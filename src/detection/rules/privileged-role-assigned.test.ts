import { describe, expect, it } from 'vitest';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { privilegedRoleAssigned } from './privileged-role-assigned.js';

describe('detection.privileged-role-assigned', () => ruleExampleSuite(privilegedRoleAssigned));

describe('detection.privileged-role-assigned for what is not a person', () => {
  it('a role given to an application names the application, whatever the order of the targets, and the alert is about who gave it', async () => {
    const alerts = await expectExample(privilegedRoleAssigned, {
      name: 'Global Administrator for a service principal',
      activities: [
        {
          id: 'sp',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'admin.role_assigned',
          eventType: 'Add member to role.',
          actor: { email: 'it@example.com' },
          targets: [{ type: 'role', id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' }, { type: 'app', id: 'sp-deploy', name: 'Deploy Bot' }],
          time: at(2, 11),
        },
      ],
      expect: { alerts: 1, severity: 'high', explanationContains: 'Deploy Bot was given the privileged role Global Administrator by it@example.com' },
    });
    expect(alerts.map((a) => [a.subject.type, a.subject.key])).toEqual([['user', 'it@example.com']]);
  });
});
