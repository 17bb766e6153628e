import type { Severity } from '../../core/alert.js';
import { defineRule } from '../rule.js';
import { actorLabel, targetKeys } from '../subjects.js';
import { isPimActivation, privilegedEntraRole } from './entra-privileged-roles.js';
import { at, entraRoleGrant } from './example-helpers.js';

const CRITICAL = new Set(['62e90394-69f5-4237-9190-012177145e10', 'e8611ab8-c189-46e8-94e1-60213ab1f814', '7be44c8a-adaf-4e2a-84d6-ab2649e08a13']);

/** Any Entra privileged role given to someone: directly, as a PIM eligibility, or by a PIM activation. */
export const privilegedRoleAssigned = defineRule<never, Record<string, never>>({
  id: 'detection.privileged-role-assigned',
  kind: 'builtin',
  title: 'Privileged Entra role assigned or activated',
  description:
    'Someone was given one of the Microsoft Entra roles Microsoft marks privileged (the complete list, by template id: Global Administrator, Privileged Role / Authentication Administrator, Security, User, Helpdesk, Password, Authentication, Conditional Access, Application, Cloud Application, Hybrid Identity, Domain Name, Intune Administrator, Global Reader and the rest, plus Exchange and SharePoint Administrator), directly, as a PIM eligibility, or by activating one in PIM. Attackers who reach an admin hand themselves or a second account a role that survives a password reset.',
  severity: 'medium',
  runbook:
    'Confirm the assignment (or activation) with the person who made it and the ticket behind it. If unexplained, remove the role, revoke the sessions of both accounts, and review what the role was used for since.',
  reference: 'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions',
  attack: [{ id: 'T1098.003', name: 'Account Manipulation: Additional Cloud Roles' }],
  actions: ['admin.role_assigned'],
  params: { low: {}, medium: {}, high: {} },
  paramDocs: {},
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e) {
    const a = e.activity;
    if (a.outcome === 'failure' || a.provider !== 'microsoft365') return {};
    const roles = a.targets.filter((t) => t.type === 'role').map(privilegedEntraRole).filter((r) => r !== null);
    const role = roles[0];
    if (!role) return {};
    const grantee = a.targets.find((t) => t.type === 'user' || t.type === 'app' || t.type === 'group');
    const who = grantee?.email ?? grantee?.name ?? grantee?.id ?? 'an account';
    const pim = isPimActivation(a);
    const eligible = /eligible/i.test(a.eventType);
    const how = pim ? 'activated' : eligible ? 'was made eligible for' : 'was given';
    const severity: Severity = CRITICAL.has(role.id) ? 'high' : 'medium';
    const by = pim ? '' : ` by ${actorLabel(a)}`;
    const key = grantee ? targetKeys(a, grantee)[0] : undefined;
    return {
      findings: [
        {
          severity,
          explanation: `${who} ${how} the privileged role ${role.name}${by} in ${a.app} (${a.eventType}).`,
          details: { role: role.name, roleTemplateId: role.id, pimActivation: pim, eligible, grantee: who },
          ...(grantee?.type === 'user' && key ? { subject: { type: 'user' as const, key, email: grantee.email ?? null, userId: grantee.id } } : {}),
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: Authentication Administrator given to a user (matched by template id)',
      activities: [
        {
          id: 'aa',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'admin.role_assigned',
          eventType: 'Add member to role.',
          actor: { email: 'helpdesk@example.com' },
          targets: [{ type: 'user', id: 'u-kim', name: null, email: 'kim@example.com' }, { type: 'role', id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', name: 'Authentication Administrator' }],
          time: at(2, 11),
        },
      ],
      expect: { alerts: 1, severity: 'medium', subjects: ['kim@example.com'], activityIds: [['aa']], explanationContains: 'was given the privileged role Authentication Administrator' },
    },
    {
      name: 'fires (high): a PIM activation of Privileged Role Administrator',
      activities: [{ id: 'pim', ...entraRoleGrant('Add member to role completed (PIM activation)', 'lee@example.com', 'Privileged Role Administrator', at(2, 23)) }],
      expect: { alerts: 1, severity: 'high', subjects: ['lee@example.com'], activityIds: [['pim']], explanationContains: 'activated the privileged role Privileged Role Administrator' },
    },
    {
      name: 'no alert for roles that are not privileged, failed assignments, or other providers',
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'admin.role_assigned', eventType: 'Add member to role.', actor: { email: 'it@example.com' }, targets: [{ type: 'user', id: 'u1', name: null, email: 'a@example.com' }, { type: 'role', id: '4a5d8f65-41da-4de4-8968-e035b65339cf', name: 'Reports Reader' }], time: at(1, 10) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'admin.role_assigned', eventType: 'Add member to role.', actor: { email: 'it@example.com' }, targets: [{ type: 'user', id: 'u2', name: null, email: 'b@example.com' }, { type: 'role', id: null, name: 'Teams Administrator' }], time: at(1, 11) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'admin.role_assigned', outcome: 'failure', eventType: 'Add member to role.', actor: { email: 'it@example.com' }, targets: [{ type: 'user', id: 'u3', name: null, email: 'c@example.com' }, { type: 'role', id: null, name: 'Global Administrator' }], time: at(1, 12) },
        { provider: 'docusign', app: 'eSignature', action: 'admin.role_assigned', actor: { userId: 'd-admin' }, targets: [{ type: 'user', id: 'd-kim', name: null }, { type: 'role', id: '10', name: 'DocuSign Administrator' }], time: at(1, 13) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
