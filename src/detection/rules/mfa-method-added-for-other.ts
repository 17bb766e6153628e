import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import { DAY } from '../../core/clock.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { actorKeys, actorLabel, targetKeys } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /** Accounts created at most this many days before are being onboarded: an admin registering their first method is expected. */
  onboardingDays: number;
}

/** When an account was created (learned from `user.created`). */
interface Created {
  at: number;
}

function otherUser(a: Activity): { key: string; email: string | null; id: string | null } | null {
  const mine = new Set(actorKeys(a));
  for (const t of a.targets.filter((x) => x.type === 'user')) {
    const keys = targetKeys(a, t);
    if (keys.length && !keys.some((k) => mine.has(k))) return { key: keys[0] as string, email: t.email ?? null, id: t.id };
  }
  return null;
}

function targetKey(e: EnrichedActivity): string | null {
  const user = e.activity.targets.find((t) => t.type === 'user');
  return user ? (targetKeys(e.activity, user)[0] ?? null) : null;
}

const TAP = /temporary ?access ?pass/i;

/** An MFA method or a Temporary Access Pass registered for someone else's established account. */
export const mfaMethodAddedForOther = defineRule<Created, Params>({
  id: 'detection.mfa-method-added-for-other',
  kind: 'builtin',
  title: "MFA method or Temporary Access Pass added to someone else's account",
  description:
    "Someone registered an MFA method (a phone, an authenticator, a FIDO2 key) or issued a Temporary Access Pass for another person's account, outside that account's onboarding. An attacker with helpdesk rights, or a helpdesk talked into it by a caller, gets a factor that signs in as the victim and satisfies MFA. Methods people register for themselves, and an admin setting up a new hire's first method, do not alert. (Removing or resetting methods is detection.mfa-disabled.)",
  severity: 'high',
  runbook:
    "Call the account's owner on a known number: did they ask for the method or the pass? If not, delete the method or pass, revoke sessions, and review the admin who made it (their account may be the compromised one) and the victim's sign-ins since.",
  reference: 'https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-temporary-access-pass',
  attack: [{ id: 'T1098.005', name: 'Account Manipulation: Device Registration' }, { id: 'T1556.006', name: 'Modify Authentication Process: Multi-Factor Authentication' }],
  actions: ['mfa.enabled', 'user.created'],
  params: { low: { onboardingDays: 14 }, medium: { onboardingDays: 7 }, high: { onboardingDays: 1 } },
  paramDocs: { onboardingDays: 'Accounts created at most this many days before are being onboarded: an admin registering their first method then is expected.' },
  paramsSchema: z.object({ onboardingDays: z.number().min(0) }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  stateKeys(e) {
    const key = targetKey(e);
    return key ? [`new:${key}`] : [];
  },
  stateTtlMs: 30 * DAY,
  evaluate(e, state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    if (a.action === 'user.created') {
      const key = targetKey(e);
      return key ? { state: { [`new:${key}`]: { at: a.time } } } : {};
    }
    const victim = otherUser(a);
    if (!victim) return {};
    const created = state[`new:${victim.key}`];
    if (created && a.time - created.at <= ctx.params.onboardingDays * DAY) return {};
    const tap = TAP.test(`${a.outcomeReason ?? ''} ${a.message ?? ''} ${JSON.stringify(a.targets.map((t) => t.changes ?? []))}`);
    const what = tap ? 'issued a Temporary Access Pass for' : 'registered a new MFA method on';
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} ${what} ${victim.email ?? victim.key}'s account in ${a.app} (${a.eventType}), which is not being onboarded: whoever holds that factor signs in as them, MFA included.`,
          details: { victim: victim.email ?? victim.key, temporaryAccessPass: tap, eventType: a.eventType },
          subject: { type: 'user', key: victim.key, email: victim.email, userId: victim.id },
        },
      ],
    };
  },
  examples: [
    {
      name: "fires: the helpdesk issues a Temporary Access Pass for the CFO's long-standing account",
      activities: [
        { id: 'tap', provider: 'microsoft365', app: 'Entra ID', action: 'mfa.enabled', eventType: 'Admin registered security info', outcomeReason: 'Admin registered temporary access pass method for user', actor: { email: 'helpdesk@example.com' }, targets: [{ type: 'user', id: 'u-cfo', name: null, email: 'cfo@example.com' }], time: at(6, 2, 14) },
      ],
      expect: { alerts: 1, subjects: ['cfo@example.com'], activityIds: [['tap']], explanationContains: "issued a Temporary Access Pass for cfo@example.com's account" },
    },
    {
      name: "no alert for a new hire's first method set up by the helpdesk, or for people registering their own",
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.created', eventType: 'Add user.', actor: { email: 'helpdesk@example.com' }, targets: [{ type: 'user', id: 'u-new', name: null, email: 'new@example.com' }], time: at(3, 9) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'mfa.enabled', eventType: 'Admin registered security info', outcomeReason: 'Admin registered temporary access pass method for user', actor: { email: 'helpdesk@example.com' }, targets: [{ type: 'user', id: 'u-new', name: null, email: 'new@example.com' }], time: at(3, 9, 30) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'mfa.enabled', eventType: 'User registered security info', actor: { email: 'ann@example.com', userId: 'u-ann' }, targets: [{ type: 'user', id: 'u-ann', name: null, email: 'ann@example.com' }], time: at(4, 10) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
