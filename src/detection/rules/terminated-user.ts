import { z } from 'zod';
import type { Action, Activity } from '../../core/activity.js';
import { HOUR, MINUTE } from '../../core/clock.js';
import { scopedStateKey } from '../../core/state-key.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule, type DirectoryFacts, type RuleContext, type RuleResult } from '../rule.js';
import { actorLabel, isPerson, providerUserKey, targetEmail, targetKeys } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { insertByTime } from '../time-order.js';
import { duration } from './shared.js';

interface Params {
  /** Activity this soon after the termination is in-flight work (an open session), not an alert. */
  graceMinutes: number;
  /** Also alert when only the inventory (not an activity) says the account or identity is closed. */
  useInventory: boolean;
  /**
   * The inventory says "closed now", not since when: only activities this recent (before the engine's
   * clock) are judged by it.
   */
  inventoryRecentHours: number;
}

interface Termination {
  t: number;
  id: string;
  action: string;
  by: string;
  /** Where the account was terminated. */
  app?: string;
  instance?: string;
}

/** A restore (reinstated, re-created, invited again): activity from then on is not judged by the terminations before it. */
interface Restore {
  r: number;
}

/** An account's lifecycle as read, in time order whatever order it arrived in (its last {@link MAX_LIFECYCLE} events). */
interface Lifecycle {
  l: (Termination | Restore)[];
}

/** Stored: a lifecycle; a bare termination was stored before restores were kept (a lifecycle of one). */
type LifecycleState = Lifecycle | Termination;

const MAX_LIFECYCLE = 10;

const isTermination = (e: Termination | Restore): e is Termination => 't' in e;
const timeOf = (e: Termination | Restore): number => (isTermination(e) ? e.t : e.r);
const eventsOf = (s: LifecycleState | undefined): readonly (Termination | Restore)[] => (s === undefined ? [] : 'l' in s ? s.l : [s]);

/** The lifecycle with one more event, in time order (the engine evaluates each activity once). */
function withEvent(s: LifecycleState | undefined, event: Termination | Restore): Lifecycle {
  const l = [...eventsOf(s)];
  insertByTime(l, event, timeOf);
  return { l: l.slice(-MAX_LIFECYCLE) };
}

/**
 * The termination an activity at `time` falls under: the latest lifecycle event at or before it is a termination,
 * and the first of the terminations in a row before it (no restore between) is the one that ended the account.
 */
function terminationAt(events: readonly (Termination | Restore)[], time: number): Termination | undefined {
  let i = events.length - 1;
  while (i >= 0 && timeOf(events[i] as Termination | Restore) > time) i--;
  if (i < 0 || !isTermination(events[i] as Termination | Restore)) return undefined;
  while (i > 0 && isTermination(events[i - 1] as Termination | Restore)) i--;
  return events[i] as Termination;
}

/** The termination keys of a lifecycle activity's user targets (per connector instance). */
function lifecycleKeys(a: Activity): string[] {
  return a.targets.filter((t) => t.type === 'user').flatMap((t) => targetKeys(a, t).map((k) => `t:${a.connectorInstanceId}:${k}`));
}

/**
 * The termination keys that concern an actor: their account in this app, and their identity at the IdP.
 * Named for every activity: the actor's keys as `actorKeys` gives them, built from the key enrichment
 * worked out (the e-mail, lower-cased) and the provider id.
 */
function watchedKeys(e: EnrichedActivity, facts: DirectoryFacts | null): string[] {
  const a = e.activity;
  const email = a.actor.email ? e.userKey : null;
  const providerId = a.actor.userId ? providerUserKey(a.provider, a.actor.userId) : null;
  const own: string[] = [];
  if (email !== null) own.push(scopedStateKey('t:', a.connectorInstanceId, email));
  if (providerId !== null) own.push(scopedStateKey('t:', a.connectorInstanceId, providerId));
  const idp = facts?.identityProviderInstanceId;
  if (!idp || idp === a.connectorInstanceId) return own;
  // Across apps only the e-mail links the person (provider user ids differ per app).
  for (const k of [email, providerId]) if (k !== null && k.includes('@')) own.push(scopedStateKey('t:', idp, k));
  return own;
}

const ENDS: readonly Action[] = ['user.suspended', 'user.deleted'];
const RESTORES: readonly Action[] = ['user.unsuspended', 'user.created', 'user.invited'];
const NOT_ACTIVITY: readonly Action[] = ['user.login_failed', 'user.locked_out', 'user.logout', 'user.sessions_revoked'];

const ENABLED_FIELD = /^(accountenabled|enabled|active|status|accountstatus|state)$/i;
const DISABLED_VALUE = /^(false|0|disabled?|suspended|deactivated|inactive|closed|locked)$/i;
const ENABLED_VALUE = /^(true|1|enabled?|active|activated)$/i;

/**
 * What a lifecycle activity does to its user targets: `end` (suspended, deleted, or an update that
 * disables the account, as Entra's `Update user.` with AccountEnabled false), `restore`, or nothing.
 */
function lifecycleEffect(a: Activity): 'end' | 'restore' | null {
  if (ENDS.includes(a.action)) return 'end';
  if (RESTORES.includes(a.action)) return 'restore';
  if (a.action !== 'user.updated') return null;
  for (const t of a.targets) {
    for (const c of t.changes ?? []) {
      if (!ENABLED_FIELD.test(c.field.replace(/[\s._-]/g, ''))) continue;
      const value = String(c.new ?? '').replace(/[[\]"'\s]/g, '');
      if (DISABLED_VALUE.test(value)) return 'end';
      if (ENABLED_VALUE.test(value)) return 'restore';
    }
  }
  return null;
}

const closed = (s: string | null | undefined) => s === 'suspended' || s === 'deleted';

/** The inventory's "closed now" for an activity recent enough to be judged by it. */
function closedInInventory(e: EnrichedActivity, ctx: RuleContext<Params>): RuleResult<LifecycleState> {
  const a = e.activity;
  if (a.time < ctx.now - ctx.params.inventoryRecentHours * HOUR) return {};
  const facts = ctx.directory(a);
  if (!facts || (!closed(facts.accountStatus) && !closed(facts.identityStatus))) return {};
  const where = closed(facts.accountStatus) ? `its ${a.app} account is ${facts.accountStatus}` : `the linked identity's account at the identity provider is ${facts.identityStatus}`;
  return {
    findings: [
      {
        explanation: `${actorLabel(a)} did ${a.action} in ${a.app}${e.intel.ip ? ` from ${e.intel.ip}` : ''} although the inventory says ${where}.`,
        baseline: { accountStatus: facts.accountStatus, identityStatus: facts.identityStatus },
        details: { action: a.action, app: a.app, ip: e.intel.ip, identityId: facts.identityId },
      },
    ],
  };
}

/** Activity by a user whose account (or linked identity at the identity provider) was suspended, deleted or closed. */
export const terminatedUser = defineRule<LifecycleState, Params>({
  id: 'detection.terminated-user',
  kind: 'builtin',
  title: 'Activity by a terminated user',
  description:
    "Someone acted as a user after that user's account was suspended, deleted or closed — in this app, or at the identity provider that holds their identity. Leavers keeping access through sessions, tokens or accounts missed by offboarding is a common path to data theft.",
  severity: 'high',
  runbook:
    'Confirm the person left or was suspended. Revoke their sessions and tokens in the app where the activity happened, suspend or delete the account there (the alert names the app), and review what was done after the termination. Check why offboarding missed this app.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#activity-performed-by-terminated-user',
  attack: [{ id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  actions: null,
  params: {
    low: { graceMinutes: 60, useInventory: false, inventoryRecentHours: 24 },
    medium: { graceMinutes: 10, useInventory: true, inventoryRecentHours: 24 },
    high: { graceMinutes: 0, useInventory: true, inventoryRecentHours: 72 },
  },
  paramDocs: {
    graceMinutes: "Activity this soon after the termination is in-flight work, not an alert.",
    useInventory: "Also alert when only the inventory (account or IdP identity status) says the account is closed.",
    inventoryRecentHours: "The inventory says “closed now”, not since when: only activities this recent are judged by it.",
  },
  paramsSchema: z.object({ graceMinutes: z.number().min(0), useInventory: z.boolean(), inventoryRecentHours: z.number().min(0) }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  needsDirectory: true,
  // Terminations are remembered per connector instance: closing someone's DocuSign membership says
  // nothing about their Microsoft 365 account. A termination at the identity provider that holds the
  // person's identity applies to every app.
  stateKeys(e, ctx) {
    const a = e.activity;
    if (lifecycleEffect(a) !== null) return lifecycleKeys(a);
    return watchedKeys(e, ctx.directory(a));
  },
  // The leaver's activity read before their termination (Entra's audit log lags the apps' own; Graph and
  // Google list newest first) is judged again once the termination is read.
  recall(e) {
    const a = e.activity;
    if (lifecycleEffect(a) !== 'end' || a.outcome === 'failure') return null;
    const users = a.targets.filter((t) => t.type === 'user');
    const emails = users.map(targetEmail).filter((m): m is string => m !== null);
    const ids = users.flatMap((t) => (t.id ? [{ instanceId: a.connectorInstanceId, userId: t.id }] : []));
    return emails.length || ids.length ? { emails, users: ids, from: a.time, to: Number.MAX_SAFE_INTEGER } : null;
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const effect = lifecycleEffect(a);
    if (effect !== null) {
      if (a.outcome === 'failure') return {};
      const event: Termination | Restore = effect === 'end' ? { t: a.time, id: a.id, action: a.action, by: actorLabel(a), app: a.app, instance: a.connectorInstanceId } : { r: a.time };
      return { state: Object.fromEntries(lifecycleKeys(a).map((k) => [k, withEvent(state[k], event)])) };
    }
    if (!isPerson(a) || a.outcome === 'failure' || NOT_ACTIVITY.includes(a.action)) return {};
    const p = ctx.params;
    const keys = watchedKeys(e, ctx.directory(a));
    // Most people have no termination or restore on record: only the inventory can speak for them.
    if (keys.every((k) => state[k] === undefined)) return p.useInventory ? closedInInventory(e, ctx) : {};
    const lifecycles = keys.map((k) => eventsOf(state[k]));
    const grace = p.graceMinutes * MINUTE;
    const ended = (events: readonly (Termination | Restore)[]) => {
      const t = terminationAt(events, a.time);
      return t !== undefined && a.time > t.t + grace ? t : undefined;
    };
    const known = lifecycles
      .map(ended)
      .filter((t): t is Termination => t !== undefined)
      .sort((x, y) => x.t - y.t)[0];
    // Judged again for a termination read late: news only when the account was not already ended without it
    // (then this activity was judged under that termination when it was read, or when that one was).
    const by = ctx.recalledBy?.id;
    const news = by === undefined || !lifecycles.some((events) => ended(events.filter((ev) => !isTermination(ev) || ev.id !== by)) !== undefined);
    if (known && news) {
      return {
        findings: [
          {
            explanation: `${actorLabel(a)} did ${a.action} in ${a.app}${e.intel.ip ? ` from ${e.intel.ip}` : ''} ${duration(a.time - known.t)} after ${known.by} ${known.action === 'user.deleted' ? 'deleted' : known.action === 'user.updated' ? 'disabled' : 'suspended or closed'} ${known.instance && known.instance !== a.connectorInstanceId ? `their identity at the identity provider (${known.app})` : `the account${known.app && known.app !== a.app ? ` in ${known.app}` : ''}`}; a terminated account should do nothing.`,
            baseline: { terminatedAt: known.t, terminatedBy: known.by, terminationActivity: known.id },
            details: { terminatedAt: new Date(known.t).toISOString(), action: a.action, app: a.app, ip: e.intel.ip },
            related: [{ id: known.id, time: known.t }],
          },
        ],
      };
    }
    // A termination not restored since speaks for the account; the inventory's "closed now" only without one.
    const open = lifecycles.some((events) => events.length > 0 && isTermination(events[events.length - 1] as Termination | Restore));
    return !p.useInventory || known || open ? {} : closedInInventory(e, ctx);
  },
  examples: [
    {
      name: 'fires: a leaver signs in and downloads a day after their account was closed',
      activities: [
        ...dailySignIns('leo@example.com', 5, PLACES.london),
        { id: 'closed', action: 'user.suspended', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
        { id: 'back', action: 'user.login', actor: { email: 'leo@example.com' }, time: at(6, 10), ...PLACES.london },
        { id: 'took', action: 'file.downloaded', actor: { email: 'leo@example.com' }, time: at(6, 10, 5), ...PLACES.london },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['leo@example.com'], activityIds: [['closed', 'back', 'took']], explanationContains: 'after admin@example.com suspended or closed the account' },
    },
    {
      name: "fires: Entra's `Update user.` disabling the account, then SharePoint downloads on the old session",
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.updated', eventType: 'Update user.', actor: { email: 'isaac@contoso.com', type: 'admin' }, targets: [{ type: 'user', id: 'guid-victor', name: 'Victor Chen', email: 'victor@contoso.com', changes: [{ field: 'AccountEnabled', old: '[\r\n  true\r\n]', new: '[\r\n  false\r\n]' }] }], time: at(3, 16) },
        { provider: 'microsoft365', app: 'SharePoint', action: 'file.downloaded', actor: { email: 'victor@contoso.com', userId: 'guid-victor' }, time: at(3, 16, 29) },
      ],
      expect: { alerts: 1, explanationContains: 'after isaac@contoso.com disabled the account in Entra ID' },
    },
    {
      name: "no alert in another app: a closed DocuSign membership says nothing about the person's Microsoft 365 account",
      activities: [
        { connectorInstanceId: 'docusign', provider: 'docusign', app: 'eSignature', action: 'user.suspended', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'd-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
        { connectorInstanceId: 'm365', provider: 'microsoft365', app: 'SharePoint', action: 'file.downloaded', actor: { email: 'leo@example.com' }, time: at(6, 10) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires in every app once the identity provider holding the identity disabled it',
      directory: { 'leo@example.com': { identityProviderInstanceId: 'okta' } },
      activities: [
        { connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'o-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
        { id: 'ds', connectorInstanceId: 'docusign', provider: 'docusign', app: 'eSignature', action: 'file.downloaded', actor: { email: 'leo@example.com', userId: 'd-leo' }, time: at(6, 10) },
      ],
      expect: { alerts: 1, activityIds: [['ds']], explanationContains: 'their identity at the identity provider (Okta)' },
    },
    {
      name: "fires when the identity provider's termination is read after the leaver's activity (its audit log lags the app's)",
      directory: { 'leo@example.com': { identityProviderInstanceId: 'okta' } },
      activities: [
        { id: 'ds', connectorInstanceId: 'docusign', provider: 'docusign', app: 'eSignature', action: 'file.downloaded', actor: { email: 'leo@example.com', userId: 'd-leo' }, time: at(6, 10) },
        { id: 'closed', connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'o-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
      ],
      expect: { alerts: 1, subjects: ['leo@example.com'], activityIds: [['ds', 'closed']], explanationContains: 'their identity at the identity provider (Okta)' },
    },
    {
      name: 'no alert for work after a reinstatement, whichever of the reinstatement, the work and the termination is read first',
      directory: { 'leo@example.com': { identityProviderInstanceId: 'okta' } },
      activities: [
        { connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'user.unsuspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'o-leo', name: 'Leo', email: 'leo@example.com' }], time: at(6, 8) },
        { connectorInstanceId: 'docusign', provider: 'docusign', app: 'eSignature', action: 'user.login', actor: { email: 'leo@example.com', userId: 'd-leo' }, time: at(6, 9) },
        { connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'o-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires from the inventory alone: the identity is suspended at the identity provider',
      directory: { 'mia@example.com': { accountStatus: 'active', identityStatus: 'suspended', identityId: 'id-mia' } },
      activities: [{ id: 'mia', action: 'file.downloaded', actor: { email: 'mia@example.com' }, time: at(0, 10) }],
      expect: { alerts: 1, explanationContains: 'identity provider is suspended' },
    },
    {
      name: 'no alert for activity before the suspension, within the grace period, or after reinstatement',
      activities: [
        { action: 'user.login', actor: { email: 'leo@example.com' }, time: at(5, 9), ...PLACES.london },
        { action: 'user.suspended', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u-leo', name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) },
        { action: 'file.viewed', actor: { email: 'leo@example.com' }, time: at(5, 17, 3) },
        { action: 'user.login_failed', actor: { email: 'leo@example.com' }, time: at(5, 20) },
        { action: 'user.unsuspended', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u-leo', name: 'Leo', email: 'leo@example.com' }], time: at(6, 8) },
        { action: 'user.login', actor: { email: 'leo@example.com' }, time: at(6, 9), ...PLACES.london },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no inventory alert for old activity: the inventory says closed now, not since when',
      directory: { 'old@example.com': { accountStatus: 'deleted' } },
      now: '2026-01-20T00:00:00Z',
      activities: [{ action: 'user.login', actor: { email: 'old@example.com' }, time: at(5, 10) }],
      expect: { alerts: 0 },
    },
  ],
});
