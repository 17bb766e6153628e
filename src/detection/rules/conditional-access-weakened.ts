import type { Activity } from '../../core/activity.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';

/** The part of an Entra Conditional Access policy (Graph conditionalAccessPolicy) this policy compares. */
interface CaPolicy {
  displayName?: string;
  state?: string;
  conditions?: { users?: { includeUsers?: string[]; excludeUsers?: string[]; includeGroups?: string[]; excludeGroups?: string[]; excludeRoles?: string[] }; applications?: { includeApplications?: string[]; excludeApplications?: string[] } };
  grantControls?: { builtInControls?: string[] } | null;
}

const STRONG_CONTROLS = ['mfa', 'block', 'compliantdevice', 'domainjoineddevice', 'passwordchange'];

function policyOf(value: unknown): CaPolicy | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as CaPolicy) : null;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).toLowerCase()) : []);
const grew = (before: unknown, after: unknown): string[] => list(after).filter((x) => !list(before).includes(x));

/** How the change weakens the policy, in words (empty when it does not). */
export function weakenings(before: CaPolicy | null, after: CaPolicy | null, deleted: boolean): string[] {
  const out: string[] = [];
  const wasEnforced = before?.state === 'enabled';
  if (deleted) {
    if (before === null || wasEnforced) out.push('the policy was deleted');
    return out;
  }
  // A policy that was not enforced protects nothing yet: editing it weakens nothing.
  if (!before || !after || !wasEnforced) return out;
  if (after.state && after.state !== 'enabled') out.push(`its state went from enabled to ${after.state}`);
  const bu = before.conditions?.users ?? {};
  const au = after.conditions?.users ?? {};
  for (const [field, words] of [['excludeUsers', 'users'], ['excludeGroups', 'groups'], ['excludeRoles', 'roles']] as const) {
    const added = grew(bu[field], au[field]);
    if (added.length) out.push(`${added.length} ${words} were excluded from it`);
  }
  if (list(bu.includeUsers).includes('all') && !list(au.includeUsers).includes('all')) out.push('it no longer applies to all users');
  const apps = grew(before.conditions?.applications?.excludeApplications, after.conditions?.applications?.excludeApplications);
  if (apps.length) out.push(`${apps.length} apps were excluded from it`);
  const lost = list(before.grantControls?.builtInControls).filter((c) => STRONG_CONTROLS.includes(c) && !list(after.grantControls?.builtInControls).includes(c));
  if (lost.length) out.push(`it no longer requires ${lost.join(', ')}`);
  return out;
}

function caChange(a: Activity): { before: CaPolicy | null; after: CaPolicy | null; name: string | null } | null {
  for (const t of a.targets) {
    const c = (t.changes ?? []).find((x) => /conditionalaccesspolicy/i.test(x.field));
    if (c) {
      const before = policyOf(c.old);
      const after = policyOf(c.new);
      return { before, after, name: after?.displayName ?? before?.displayName ?? t.name };
    }
  }
  return /conditional access policy/i.test(a.eventType) ? { before: null, after: null, name: a.targets[0]?.name ?? null } : null;
}

/** A Conditional Access policy was switched off, put in report-only, deleted, or given exclusions. */
export const conditionalAccessWeakened = defineRule<never, Record<string, never>>({
  id: 'detection.conditional-access-weakened',
  kind: 'builtin',
  title: 'Conditional Access policy weakened or deleted',
  description:
    'An enforced Microsoft Entra Conditional Access policy was deleted, disabled or switched to report-only, had users, groups, roles or apps excluded from it, stopped applying to all users, or stopped requiring MFA, a compliant device or a block. Attackers with admin access do this so their sign-ins stop meeting MFA or location rules. New report-only policies, tighter policies and renames do not alert.',
  severity: 'high',
  runbook:
    'Compare the policy before and after (the evidence holds both). Confirm the change with the identity team; if unexplained, restore the policy, revoke sessions of the accounts the change exempted, and review their sign-ins since.',
  reference: 'https://learn.microsoft.com/en-us/entra/architecture/security-operations-infrastructure#conditional-access',
  attack: [{ id: 'T1556.009', name: 'Modify Authentication Process: Conditional Access Policies' }, { id: 'T1562.001', name: 'Impair Defenses: Disable or Modify Tools' }],
  actions: ['security.policy_changed'],
  params: { low: {}, medium: {}, high: {} },
  paramDocs: {},
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    const change = caChange(a);
    if (!change) return {};
    const deleted = /^delete/i.test(a.eventType);
    const reasons = weakenings(change.before, change.after, deleted);
    if (reasons.length === 0) return {};
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} weakened the Conditional Access policy "${change.name ?? 'unnamed'}" in ${a.app} (${a.eventType}): ${reasons.join('; ')}.`,
          baseline: change.before ? { before: change.before as Record<string, unknown> } : null,
          details: { policy: change.name, reasons, after: change.after },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: the MFA policy is put in report-only and a user is excluded from it',
      activities: [
        {
          id: 'ca',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'security.policy_changed',
          eventType: 'Update conditional access policy',
          actor: { email: 'sys@example.com' },
          targets: [
            {
              type: 'policy',
              id: 'p1',
              name: 'Require MFA for all users',
              changes: [
                {
                  field: 'ConditionalAccessPolicy',
                  old: { displayName: 'Require MFA for all users', state: 'enabled', conditions: { users: { includeUsers: ['All'], excludeUsers: [] } }, grantControls: { builtInControls: ['mfa'] } },
                  new: { displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced', conditions: { users: { includeUsers: ['All'], excludeUsers: ['u-eve'] } }, grantControls: { builtInControls: ['mfa'] } },
                },
              ],
            },
          ],
          time: at(3, 1, 15),
        },
      ],
      expect: { alerts: 1, subjects: ['sys@example.com'], activityIds: [['ca']], explanationContains: 'its state went from enabled to enabledForReportingButNotEnforced; 1 users were excluded from it' },
    },
    {
      name: 'fires: an enforced policy is deleted',
      activities: [
        { id: 'del', provider: 'microsoft365', app: 'Entra ID', action: 'security.policy_changed', eventType: 'Delete conditional access policy', actor: { email: 'sys@example.com' }, targets: [{ type: 'policy', id: 'p2', name: 'Block legacy authentication', changes: [{ field: 'ConditionalAccessPolicy', old: { displayName: 'Block legacy authentication', state: 'enabled' }, new: null }] }], time: at(3, 2) },
      ],
      expect: { alerts: 1, activityIds: [['del']], explanationContains: 'the policy was deleted' },
    },
    {
      name: 'no alert for a new report-only policy, a report-only policy turned on, an exclusion on a report-only policy, or another kind of policy',
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'security.policy_changed', eventType: 'Add conditional access policy', actor: { email: 'it@example.com' }, targets: [{ type: 'policy', id: 'p3', name: 'Require compliant device', changes: [{ field: 'ConditionalAccessPolicy', old: null, new: { displayName: 'Require compliant device', state: 'enabledForReportingButNotEnforced' } }] }], time: at(1, 10) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'security.policy_changed', eventType: 'Update conditional access policy', actor: { email: 'it@example.com' }, targets: [{ type: 'policy', id: 'p3', name: 'Require compliant device', changes: [{ field: 'ConditionalAccessPolicy', old: { displayName: 'Require compliant device', state: 'enabledForReportingButNotEnforced' }, new: { displayName: 'Require compliant device (all users)', state: 'enabled' } }] }], time: at(8, 10) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'security.policy_changed', eventType: 'Update conditional access policy', actor: { email: 'it@example.com' }, targets: [{ type: 'policy', id: 'p5', name: 'Require MFA for all users', changes: [{ field: 'ConditionalAccessPolicy', old: { displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced', conditions: { users: { excludeGroups: [] } } }, new: { displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced', conditions: { users: { excludeGroups: ['g-breakglass'] } } } }] }], time: at(8, 10, 30) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'security.policy_changed', eventType: 'Delete conditional access policy', actor: { email: 'it@example.com' }, targets: [{ type: 'policy', id: 'p4', name: 'Pilot', changes: [{ field: 'ConditionalAccessPolicy', old: { displayName: 'Pilot', state: 'disabled' }, new: null }] }], time: at(8, 11) },
        { provider: 'okta', action: 'security.policy_changed', eventType: 'policy.lifecycle.update', actor: { email: 'it@example.com' }, targets: [{ type: 'policy', id: 'o1', name: 'Default sign-on policy' }], time: at(8, 12) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
