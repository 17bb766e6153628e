import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import type { Severity } from '../../core/alert.js';
import type { ActivityInput } from '../activity-builder.js';
import { defineRule } from '../rule.js';
import { actorKeys, actorLabel, targetKeys } from '../subjects.js';
import { isPimActivation } from './entra-privileged-roles.js';
import { at, entraRoleGrant } from './example-helpers.js';
import { grantedScopes, scopeRisk } from './oauth-scopes.js';

interface Params {
  /** Alert on every grant of a high-privilege role or of full mailbox access, whoever makes it. */
  everyHighPrivilegeGrant: boolean;
}

/**
 * Roles that control the whole tenant: one grant of these is an alert by itself. Matched against the
 * role names connectors put on `role` targets (case-insensitive, whole name).
 */
export const TOP_TIER_ROLES: readonly string[] = [
  'Global Administrator',
  'Company Administrator',
  'Privileged Role Administrator',
  'Privileged Authentication Administrator',
  'Super Admin',
  'Organization Owner',
  'Organization Admin',
  'Owner',
  'Primary Owner',
  'Super Administrator',
];

/** Roles that administer something: alerted at high sensitivity. */
const HIGH_PRIVILEGE = /admin|owner|administrator|full ?access|send ?as|manage/i;

function roleNames(a: Activity): string[] {
  const names = a.targets.filter((t) => t.type === 'role').map((t) => t.name ?? t.id ?? '');
  for (const t of a.targets) {
    for (const c of t.changes ?? []) {
      if (/role\.displayname|^role$|accessrights|permission/i.test(c.field) && typeof c.new === 'string') names.push(c.new.replace(/[[\]"\s]+/g, ' ').trim());
    }
  }
  return [...new Set(names.filter(Boolean))];
}

/**
 * Whom a delegated permission grant lets the app act for, when the record says (Entra's
 * `DelegatedPermissionGrant.ConsentType`: `Principal`, one person; `AllPrincipals`, everyone); else null.
 */
function consentTypeOf(a: Activity): 'one person' | 'everyone' | null {
  for (const t of a.targets) {
    for (const c of t.changes ?? []) {
      if (!/consenttype$/i.test(c.field) || typeof c.new !== 'string') continue;
      const value = c.new.replace(/[[\]"\s]+/g, '').toLowerCase();
      if (value === 'principal') return 'one person';
      if (value === 'allprincipals') return 'everyone';
    }
  }
  return null;
}

/** Entra's record of a delegated grant to "PDF Converter Online" of mail reading on Microsoft Graph, for one person or everyone. */
const mailReadGrant = (consentType: 'Principal' | 'AllPrincipals', actor: NonNullable<ActivityInput['actor']>): ActivityInput => ({
  provider: 'microsoft365',
  app: 'Entra ID',
  action: 'app.permissions_expanded',
  eventType: 'Add delegated permission grant.',
  actor,
  targets: [
    { type: 'app', id: 'sp-graph', name: 'Microsoft Graph', changes: [{ field: 'DelegatedPermissionGrant.Scope', new: ' User.Read Mail.Read offline_access' }, { field: 'DelegatedPermissionGrant.ConsentType', new: consentType }] },
    { type: 'app', id: 'sp-pdf', name: 'PDF Converter Online' },
  ],
  time: at(3, 10),
});

/** Privileges granted to oneself, by someone who is not an admin, or of tenant-controlling roles. */
export const privilegeEscalation = defineRule<never, Params>({
  id: 'detection.privilege-escalation',
  kind: 'builtin',
  title: 'Privilege escalation',
  description:
    "Someone gained administrative power: a tenant-controlling role (Global Administrator and its peers) was assigned, someone granted privileges to themselves, someone the inventory does not know as an admin granted privileges, or an app got high-privilege permissions over the organisation (application permissions, or an admin's consent for everyone; one person's consent to an app acting for them grants nothing they did not have, and the consent policies judge it). Routine grants by admins (a helpdesk adding a delegate to a shared mailbox) do not alert at medium sensitivity.",
  severity: 'high',
  runbook:
    'Confirm the grant with the person who made it and the change request behind it. If unexplained, remove the role or permission, secure the granting account (it may be compromised), and review what the new privileges were used for.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy',
  attack: [{ id: 'T1098.003', name: 'Account Manipulation: Additional Cloud Roles' }],
  actions: ['admin.role_assigned', 'mail.permission_granted', 'app.permissions_expanded'],
  params: {
    low: { everyHighPrivilegeGrant: false },
    medium: { everyHighPrivilegeGrant: false },
    high: { everyHighPrivilegeGrant: true },
  },
  paramDocs: {
    everyHighPrivilegeGrant: "Alert on every grant of an administrative role or of full mailbox access, whoever makes it.",
  },
  paramsSchema: z.object({ everyHighPrivilegeGrant: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e, _state, ctx) {
    const a = e.activity;
    // A PIM activation uses an eligibility granted before (judged here when it was granted); the privileged
    // role policy reports the activation itself. It is no self-grant, whoever turns it on.
    if (a.outcome === 'failure' || isPimActivation(a)) return {};
    const roles = roleNames(a);
    const grantees = a.targets.filter((t) => t.type === 'user' || t.type === 'app');
    const mine = new Set(actorKeys(a));
    const self = grantees.some((t) => t.type === 'user' && targetKeys(a, t).some((k) => mine.has(k)));
    const topTier = roles.filter((r) => TOP_TIER_ROLES.some((top) => top.toLowerCase() === r.toLowerCase()));
    const to = grantees.map((t) => t.email ?? t.name ?? t.id).filter(Boolean).join(', ') || 'an account';
    const what = roles.length ? roles.join(', ') : a.action === 'mail.permission_granted' ? 'mailbox access' : 'privileges';
    const reasons: string[] = [];
    let severity: Severity = 'medium';
    if (a.action === 'app.permissions_expanded') {
      const consent = consentTypeOf(a);
      // One person's consent to an app acting for them: the app can do no more than they can (no escalation),
      // and the consent policies (high-privilege consent, consent-phishing campaign) judge the consent itself.
      if (consent === 'one person') return {};
      const scopes = grantedScopes(a);
      const risk = scopeRisk(scopes);
      if (risk === 'critical' || risk === 'sensitive-offline' || (ctx.params.everyHighPrivilegeGrant && risk === 'sensitive')) {
        reasons.push(`the app gained ${scopes.join(', ')}${consent === 'everyone' ? ' for everyone in the organisation (admin consent)' : ''}`);
        severity = risk === 'critical' ? 'high' : 'medium';
      }
    } else {
      if (self) reasons.push('the actor granted it to themselves');
      if (a.actor.isAdmin === false) reasons.push('the actor is not an admin in the inventory');
      if (topTier.length) reasons.push(`${topTier.join(', ')} controls the whole tenant`);
      if (reasons.length) severity = 'high';
      else if (ctx.params.everyHighPrivilegeGrant && (roles.some((r) => HIGH_PRIVILEGE.test(r)) || a.action === 'mail.permission_granted')) {
        reasons.push('the sensitivity is high: every administrative grant is reviewed');
      }
    }
    if (reasons.length === 0) return {};
    // A delegated grant names the API it is on (the target carrying the scope: Microsoft Graph) beside the app.
    const resource = grantees.find((t) => t.type === 'app' && t.changes?.some((c) => /scope$/i.test(c.field)));
    const apps = grantees.filter((t) => t.type === 'app' && t !== resource).map((t) => t.name ?? t.id).filter(Boolean);
    const sentence =
      a.action === 'app.permissions_expanded'
        ? `${actorLabel(a)} expanded the permissions of ${apps.join(', ') || 'an app'}${resource ? ` on ${resource.name ?? resource.id}` : ''} in ${a.app}: ${reasons.join('; ')}.`
        : `${actorLabel(a)} gave ${to} ${what} in ${a.app}: ${reasons.join('; ')}.`;
    return {
      findings: [
        {
          severity,
          explanation: sentence,
          details: { roles, grantees: grantees.map((t) => t.email ?? t.name ?? t.id), self, topTier, actorIsAdmin: a.actor.isAdmin },
          ...(grantees[0] && grantees[0].type === 'user' && !self
            ? { subject: { type: 'user' as const, key: targetKeys(a, grantees[0])[0] ?? to, email: grantees[0].email ?? null, userId: grantees[0].id } }
            : {}),
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a Global Administrator assignment at 03:10, even by an admin',
      activities: [
        {
          id: 'ga',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'admin.role_assigned',
          eventType: 'Add member to role.',
          actor: { email: 'alex@example.com', isAdmin: true },
          targets: [
            { type: 'user', id: 'u-grady', name: 'Grady Archer', email: 'grady@example.com' },
            { type: 'role', id: '62e90394', name: 'Global Administrator' },
          ],
          time: at(4, 3, 10),
        },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['grady@example.com'], activityIds: [['ga']], explanationContains: 'Global Administrator controls the whole tenant' },
    },
    {
      name: 'fires: someone makes themselves an admin',
      activities: [
        { action: 'admin.role_assigned', actor: { email: 'eve@example.com', userId: 'u-eve', isAdmin: true }, targets: [{ type: 'user', id: 'u-eve', name: 'Eve' }, { type: 'role', id: 'r', name: 'User Administrator' }], time: at(2, 22) },
      ],
      expect: { alerts: 1, explanationContains: 'granted it to themselves' },
    },
    {
      name: 'fires: an app gains directory-wide write permissions',
      activities: [
        { action: 'app.permissions_expanded', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-1', name: 'Build Bot' }], raw: { scopes: ['Directory.ReadWrite.All'] }, time: at(2, 11) },
      ],
      expect: { alerts: 1, severity: 'high' },
    },
    {
      name: "no alert for an admin's routine grants (a delegate on a shared mailbox, a DocuSign promotion)",
      activities: [
        {
          action: 'mail.permission_granted',
          actor: { email: 'leah@example.com', isAdmin: true },
          targets: [{ type: 'mailbox', id: 'accounts-payable@example.com', name: 'accounts-payable', changes: [{ field: 'AccessRights', new: 'FullAccess' }] }, { type: 'user', id: 'u2', name: 'Sam', email: 'sam@example.com' }],
          time: at(3, 10),
        },
        { provider: 'docusign', app: 'eSignature', action: 'admin.role_assigned', actor: { userId: 'd-admin', isAdmin: true }, targets: [{ type: 'user', id: 'd-kim', name: null }, { type: 'role', id: '10', name: 'DocuSign Administrator' }], time: at(3, 11) },
        { action: 'app.permissions_expanded', actor: { email: 'eng@example.com' }, targets: [{ type: 'app', id: 'slack', name: 'Slack' }], raw: { scope: 'openid profile email offline_access User.Read' }, time: at(3, 12) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for a PIM activation, even of a tenant-controlling role: its holder uses an eligibility granted before (that grant is judged here; privileged-role-assigned reports the activation)',
      activities: [entraRoleGrant('Add member to role completed (PIM activation)', 'lee@example.com', 'Privileged Role Administrator', at(2, 23))],
      expect: { alerts: 0 },
    },
    {
      name: 'fires: someone makes themselves eligible for Global Administrator in PIM',
      activities: [entraRoleGrant('Add eligible member to role in PIM completed (permanent)', 'lee@example.com', 'Global Administrator', at(2, 23))],
      expect: { alerts: 1, severity: 'high', explanationContains: 'granted it to themselves' },
    },
    {
      name: "no alert for one person's own consent to an app reading their mail (consent type Principal): the app can do no more than they can, and the consent policies judge it",
      activities: [mailReadGrant('Principal', { email: 'ivy@example.com' })],
      expect: { alerts: 0 },
    },
    {
      name: 'fires: an admin consents to an app reading everyone’s mail with offline access (consent type AllPrincipals)',
      activities: [mailReadGrant('AllPrincipals', { email: 'alex@example.com', isAdmin: true })],
      expect: { alerts: 1, severity: 'medium', explanationContains: 'for everyone in the organisation' },
    },
    {
      name: 'high sensitivity: the same routine mailbox grant is reviewed',
      settings: { sensitivity: 'high' },
      activities: [
        {
          action: 'mail.permission_granted',
          actor: { email: 'leah@example.com', isAdmin: true },
          targets: [{ type: 'mailbox', id: 'accounts-payable@example.com', name: 'accounts-payable', changes: [{ field: 'AccessRights', new: 'FullAccess' }] }, { type: 'user', id: 'u2', name: 'Sam', email: 'sam@example.com' }],
          time: at(3, 10),
        },
      ],
      expect: { alerts: 1, severity: 'medium' },
    },
  ],
});
