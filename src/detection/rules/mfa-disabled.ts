import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import { defineRule } from '../rule.js';
import { actorKeys, actorLabel, targetKeys } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /** Also alert when people remove their own MFA factor (self-service), not only when an admin does. */
  includeSelfService: boolean;
}

const MFA_SETTING = /mfa|multi.?factor|two.?factor|2fa|2sv|two.?step|second.?factor/i;
const OFF = /^(false|off|0|no|disabled?|none|optional|not ?required)$/i;

function normalise(value: unknown): string {
  return String(value ?? '')
    .replace(/[[\]"'\s]/g, '')
    .trim();
}

/** An admin setting change that turns an MFA requirement off (e.g. DocuSign `requireTwoStep` → false). */
function mfaSettingTurnedOff(a: Activity): string | null {
  for (const t of a.targets) {
    for (const c of t.changes ?? []) {
      if (MFA_SETTING.test(c.field) && OFF.test(normalise(c.new))) return c.field;
    }
  }
  return null;
}

/** MFA removed from a user by an admin, or an organisation's MFA requirement switched off. */
export const mfaDisabled = defineRule<never, Params>({
  id: 'detection.mfa-disabled',
  kind: 'builtin',
  title: 'MFA or a security setting disabled by an admin',
  description:
    "An admin removed a user's MFA factors or turned off the organisation's MFA (two-factor, two-step) requirement. Attackers with admin access do this to keep signing in as their victims, or to weaken the whole tenant.",
  severity: 'high',
  runbook:
    'Confirm the change with the admin who made it and the reason (a lost phone is common; a change nobody asked for is not). Re-enable MFA, make the user re-register their factors, and review recent sign-ins of the affected accounts.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy',
  attack: [{ id: 'T1556.006', name: 'Modify Authentication Process: Multi-Factor Authentication' }],
  actions: ['mfa.disabled', 'security.mfa_requirement_disabled', 'admin.setting_changed', 'security.policy_changed'],
  params: {
    low: { includeSelfService: false },
    medium: { includeSelfService: false },
    high: { includeSelfService: true },
  },
  paramDocs: {
    includeSelfService: "Also alert (low severity) when people remove their own MFA factor.",
  },
  paramsSchema: z.object({ includeSelfService: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e, _state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    if (a.action === 'security.mfa_requirement_disabled') {
      return { findings: [{ explanation: `${actorLabel(a)} turned off the MFA requirement in ${a.app} (${a.eventType}); every account there can now sign in with a password alone.`, details: { eventType: a.eventType, app: a.app } }] };
    }
    if (a.action === 'admin.setting_changed' || a.action === 'security.policy_changed') {
      const field = mfaSettingTurnedOff(a);
      if (!field) return {};
      return { findings: [{ explanation: `${actorLabel(a)} changed ${field} to off in ${a.app}, weakening MFA for the accounts it covers.`, details: { setting: field, eventType: a.eventType, app: a.app } }] };
    }
    // mfa.disabled: one user's factor removed.
    const users = a.targets.filter((t) => t.type === 'user');
    const mine = new Set(actorKeys(a));
    const others = users.filter((t) => !targetKeys(a, t).some((k) => mine.has(k)));
    const selfService = users.length === 0 || others.length === 0;
    if (selfService && !ctx.params.includeSelfService) return {};
    const who = others.map((t) => t.email ?? t.name ?? t.id).filter(Boolean).join(', ') || 'their own account';
    return {
      findings: [
        {
          severity: selfService ? 'low' : 'high',
          explanation: selfService
            ? `${actorLabel(a)} removed an MFA factor from their own account in ${a.app} (${a.eventType}).`
            : `${actorLabel(a)} removed MFA from ${who} in ${a.app} (${a.eventType}); the account can now be signed into without a second factor.`,
          details: { targets: others.map((t) => t.email ?? t.name ?? t.id), eventType: a.eventType },
        },
      ],
    };
  },
  examples: [
    {
      name: "fires: an admin resets another user's MFA factors",
      activities: [
        { id: 'reset', provider: 'okta', action: 'mfa.disabled', eventType: 'user.mfa.factor.reset_all', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u1', name: 'Ann', email: 'ann@example.com' }], time: at(3, 15) },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['admin@example.com'], activityIds: [['reset']], explanationContains: 'removed MFA from ann@example.com' },
    },
    {
      name: 'fires: the organisation-wide two-factor requirement is switched off',
      activities: [{ provider: 'github', app: 'GitHub', action: 'security.mfa_requirement_disabled', eventType: 'org.disable_two_factor_requirement', actor: { email: 'owner@example.com' }, time: at(1, 2) }],
      expect: { alerts: 1 },
    },
    {
      name: 'fires: a settings change turns requireTwoStep off',
      activities: [{ action: 'admin.setting_changed', actor: { email: 'admin@example.com' }, targets: [{ type: 'setting', id: 'AccountSettings', name: 'AccountSettings', changes: [{ field: 'requireTwoStep', old: 'true', new: 'false' }] }], time: at(1, 2) }],
      expect: { alerts: 1 },
    },
    {
      name: 'no alert for a user replacing their own factor, or for unrelated settings',
      activities: [
        { action: 'mfa.disabled', actor: { email: 'ann@example.com', userId: 'u1' }, targets: [{ type: 'user', id: 'u1', name: 'Ann', email: 'ann@example.com' }], time: at(1, 9) },
        { action: 'admin.setting_changed', actor: { email: 'admin@example.com' }, targets: [{ type: 'setting', id: 's', name: 'AccountSettings', changes: [{ field: 'sessionTimeout', old: '30', new: '60' }] }], time: at(1, 10) },
        { action: 'admin.setting_changed', actor: { email: 'admin@example.com' }, targets: [{ type: 'setting', id: 's', name: 'AccountSettings', changes: [{ field: 'requireTwoStep', old: 'false', new: 'true' }] }], time: at(1, 11) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
