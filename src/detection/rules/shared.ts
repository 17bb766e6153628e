import { stateKey } from '../../core/state-key.js';
import type { Action, Activity } from '../../core/activity.js';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { benignKey, type BenignWindows } from '../../core/benign-windows.js';

export { benignKey, inBenignWindow, type BenignWindows } from '../../core/benign-windows.js';

/**
 * An activity's changed fields by lower-case name, new values as text (JSON for anything else): for an
 * Exchange cmdlet record, its parameters (`identity`, `auditenabled`, `movetofolder`, ...).
 */
export function newValuesByField(a: Pick<Activity, 'targets'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of a.targets) for (const c of t.changes ?? []) out.set(c.field.toLowerCase(), typeof c.new === 'string' ? c.new : JSON.stringify(c.new ?? ''));
  return out;
}

/** Sign-ins: what travel, country and anonymous-IP policies read by default. */
export const SIGN_IN_ACTIONS: readonly Action[] = ['user.login', 'user.sso_login'];

/**
 * Administrative actions: acting on other accounts, roles, groups, apps, credentials or the organisation's
 * settings (ACTIVITY-SCHEMA §3's Lifecycle, Privilege, MFA/security, OAuth/app and Admin config groups).
 */
export const ADMIN_ACTIONS: readonly Action[] = [
  'user.created',
  'user.invited',
  'user.updated',
  'user.suspended',
  'user.unsuspended',
  'user.deleted',
  'user.password_reset',
  'user.sessions_revoked',
  'admin.role_assigned',
  'admin.role_removed',
  'group.member_added',
  'group.member_removed',
  'group.created',
  'group.deleted',
  'app.user_assigned',
  'mfa.disabled',
  'security.mfa_requirement_disabled',
  'security.sso_changed',
  'security.policy_changed',
  'credential.created',
  'credential.revoked',
  'app.installed',
  'app.removed',
  'app.permissions_expanded',
  'mail.permission_granted',
  'admin.setting_changed',
  'data.exported',
];

export const dayOf = (t: number): number => Math.floor(t / DAY);

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `Lagos, NG` / `NG` / `an unknown place`. */
export function placeOf(geo: Pick<Activity['geo'], 'city' | 'country' | 'region'>): string {
  const city = geo.city ? titleCase(geo.city) : null;
  if (city && geo.country) return `${city}, ${geo.country}`;
  return geo.country ?? city ?? 'an unknown place';
}

function titleCase(text: string): string {
  return text === text.toLowerCase() ? text.replace(/\b\p{L}/gu, (c) => c.toUpperCase()) : text;
}

/** `42 minutes`, `3.5 hours`, `2 days`. */
export function duration(ms: number): string {
  if (ms < 2 * MINUTE) return `${Math.max(0, Math.round(ms / 1000))} seconds`;
  if (ms < 2 * HOUR) return `${Math.round(ms / MINUTE)} minutes`;
  if (ms < 2 * DAY) return `${Math.round((ms / HOUR) * 10) / 10} hours`;
  return `${Math.round(ms / DAY)} days`;
}

/** `12,000` */
export function km(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The per-user state key most policies use. */
export function userStateKeys(e: EnrichedActivity): string[] {
  const key = e.userKey;
  return key === null ? [] : [stateKey('u:', key)];
}

/** The per-user key and the user's benign (dismissed) windows: what volume policies read. */
export function volumeStateKeys(e: EnrichedActivity): string[] {
  const key = e.userKey;
  return key === null ? [] : [stateKey('u:', key), benignKey(key)];
}

/** The activity's user's windows dismissed as benign, from a policy's loaded state. */
export function benignOf(state: Readonly<Record<string, unknown>>, e: EnrichedActivity): BenignWindows | undefined {
  const key = e.userKey;
  return key === null ? undefined : (state[benignKey(key)] as BenignWindows | undefined);
}

/** Where a policy's learning period starts when it learns from a feed's own changes (see {@link feedLearning}). */
export interface FeedStart {
  first: number;
}

const FEED_START = 'since';

/** The state keys {@link feedLearning} reads for an activity: its connector's start, and the one start state written before kept for all. */
export function feedStartKeys(a: Pick<Activity, 'connectorInstanceId'>): string[] {
  return [`${FEED_START}:${a.connectorInstanceId}`, FEED_START];
}

/**
 * Whether a policy that learns from a feed's own changes (application or mailbox changes, which audit feeds keep
 * for about a week, not sign-ins) is still learning at this activity: for `learningMs` from the earliest such
 * change read from the activity's connector. Per connector and by the earliest time, so backfills side by side,
 * arriving in any order, judge alike. Returns the state to write with the policy's own.
 */
export function feedLearning(state: Readonly<Record<string, unknown>>, a: Pick<Activity, 'connectorInstanceId' | 'time'>, learningMs: number): { learning: boolean; state: Record<string, FeedStart> } {
  const [key, legacy] = feedStartKeys(a) as [string, string];
  const mine = state[key] as FeedStart | undefined;
  const stored = (mine ?? (state[legacy] as FeedStart | undefined))?.first;
  const first = Math.min(stored ?? a.time, a.time);
  return { learning: a.time - first < learningMs, state: mine === undefined || first !== stored ? { [key]: { first } } : {} };
}

/**
 * Keeps a map to at most `max` entries, dropping those with the smallest `rank` (oldest last use): how
 * baselines stay bounded per user.
 */
export function boundedMap<V>(map: Record<string, V>, max: number, rank: (v: V) => number): Record<string, V> {
  const entries = Object.entries(map);
  if (entries.length <= max) return map;
  entries.sort((a, b) => rank(b[1]) - rank(a[1]));
  return Object.fromEntries(entries.slice(0, max));
}
