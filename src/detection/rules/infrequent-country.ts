import { z } from 'zod';
import { stateKey } from '../../core/state-key.js';
import { DAY } from '../../core/clock.js';
import { defineRule } from '../rule.js';
import { actorLabel, isPerson } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { benignKey, boundedMap, dayOf, inBenignWindow, type BenignWindows } from './shared.js';

interface Params {
  /** The organisation counts as knowing a country when at least this many of its users acted from it... */
  orgMinUsers: number;
  /** ...within this many days. 0: the organisation's countries are not consulted (every new country alerts). */
  orgWindowDays: number;
  /** Skip activities from anonymising addresses (their country is the exit node's, not the person's). */
  skipAnonymous: boolean;
}

/** `c`: countries learned; `p`: countries that raised an alert, learned once it is dismissed as benign: [country, time]. */
type UserState = { c: Record<string, { days: number; last: number }>; p?: [string, number][] };
type CountryState = { users: string[]; last: number };
type State = UserState | CountryState | BenignWindows;

const MAX_COUNTRIES_PER_USER = 30;
const MAX_USERS_REMEMBERED = 5;

/**
 * Whether an activity of `user` on `day` changes what the organisation knows of the country: a new day, or
 * a user it does not remember yet while it remembers fewer than {@link MAX_USERS_REMEMBERED}. The country's
 * last activity is kept to the day (its first activity that day), so a country many people work from is
 * written once a day, not once per activity.
 */
function countryLearns(org: CountryState | undefined, user: string, day: number): boolean {
  return !org || dayOf(org.last) < day || (org.users.length < MAX_USERS_REMEMBERED && !org.users.includes(user));
}

/** Activity from a country the user has not acted from, and (by default) one the organisation rarely sees. */
export const infrequentCountry = defineRule<State, Params>({
  id: 'detection.infrequent-country',
  kind: 'builtin',
  title: 'Activity from an infrequent country',
  description:
    "A person acted from a country that is not in their own history and that few or none of the organisation's users acted from recently. Compromised accounts are often used from the attacker's country; travel explains the rest.",
  severity: 'medium',
  runbook:
    'Check with the user whether they are travelling. If not, require a new sign-in, reset the password and review the activities in the evidence. Countries the organisation works in can be allowed by lowering the sensitivity or scoping users out.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#activity-from-infrequent-country',
  attack: [{ id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  learnsFromBenign:
    "the country is one the person acts from: later activity from it does not alert",
  actions: null,
  params: {
    low: { orgMinUsers: 1, orgWindowDays: 90, skipAnonymous: true },
    medium: { orgMinUsers: 2, orgWindowDays: 30, skipAnonymous: true },
    high: { orgMinUsers: 0, orgWindowDays: 0, skipAnonymous: false },
  },
  paramDocs: {
    orgMinUsers: "The organisation counts as working in a country when at least this many other users acted from it...",
    orgWindowDays: "...within this many days (0: the organisation is not consulted; every country new to the user alerts).",
    skipAnonymous: "Ignore activities from anonymising addresses (their country is the exit node’s).",
  },
  paramsSchema: z.object({ orgMinUsers: z.number().int().min(0), orgWindowDays: z.number().int().min(0), skipAnonymous: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 7 },
  usesLocation: true,
  stateKeys(e) {
    const user = e.userKey;
    const country = e.activity.geo.country;
    return user && country && e.activity.outcome !== 'failure' ? [stateKey('u:', user), stateKey('c:', country), benignKey(user)] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const user = e.userKey;
    const country = a.geo.country;
    // A failed or interrupted attempt says where an attacker is, not where the user is: it neither alerts
    // nor teaches the baselines (a password spray would otherwise make its country look familiar).
    if (!user || !country || !isPerson(a) || a.outcome === 'failure' || a.outcome === 'interrupted' || !/^[A-Z]{2}$/.test(country)) return {};
    const p = ctx.params;
    if (p.skipAnonymous && e.intel.anonymizer && e.intel.anonymizer.kind !== 'hosting') return {};
    const day = dayOf(a.time);
    const stored = (state[stateKey('u:', user)] as UserState | undefined) ?? { c: {} };
    const org = state[stateKey('c:', country)] as CountryState | undefined;
    // Most activities come from a country the person and the organisation already have for this day, with
    // nothing pending: nothing to learn, write or judge (the general path below would reach the same).
    if (!stored.p?.length && (stored.c[country]?.last ?? -1) >= day && org !== undefined && !countryLearns(org, user, day)) return {};
    // Countries whose alert an analyst dismissed as benign are learned now; the rest stay pending (an
    // attacker's country never becomes familiar by being used).
    const benign = state[benignKey(user)] as BenignWindows | undefined;
    const learnedNow: Record<string, { days: number; last: number }> = {};
    const pending: [string, number][] = [];
    for (const [c, t] of stored.p ?? []) {
      if (inBenignWindow(benign, t)) learnedNow[c] = { days: (stored.c[c]?.days ?? 0) + 1, last: Math.max(dayOf(t), stored.c[c]?.last ?? 0) };
      else if (t > a.time - 90 * DAY) pending.push([c, t]);
    }
    const mine: UserState = { c: Object.keys(learnedNow).length ? { ...stored.c, ...learnedNow } : stored.c, p: pending };
    const pendingChanged = pending.length !== (stored.p ?? []).length;
    const seen = mine.c[country];
    const others = (org?.users ?? []).filter((u) => u !== user);
    // Write only what changed: a new day for the user, a new user or a new day for the country.
    const next: Record<string, State> = {};
    const learn = () => {
      if (!seen || seen.last < day || pendingChanged) {
        next[stateKey('u:', user)] = { c: boundedMap({ ...mine.c, [country]: { days: (seen?.days ?? 0) + (seen?.last === day ? 0 : 1), last: Math.max(day, seen?.last ?? day) } }, MAX_COUNTRIES_PER_USER, (v) => v.last), p: pending };
      }
      if (countryLearns(org, user, day)) {
        next[stateKey('c:', country)] = { users: [user, ...others].slice(0, MAX_USERS_REMEMBERED), last: Math.max(a.time, org?.last ?? 0) };
      }
    };
    if (seen) {
      learn();
      return { state: next };
    }

    const orgRecent = org !== undefined && a.time - org.last <= p.orgWindowDays * DAY;
    // While the user is learned, every country is learned (nothing alerts then anyway).
    if (ctx.learning || (p.orgWindowDays > 0 && orgRecent && others.length >= p.orgMinUsers)) {
      learn();
      return { state: next };
    }
    next[stateKey('u:', user)] = { c: mine.c, p: [...pending.filter(([c]) => c !== country), [country, a.time] as [string, number]].slice(-MAX_COUNTRIES_PER_USER) };
    const alertedBefore = pending.find(([c]) => c === country);
    const unlearned = alertedBefore ? `; they acted from ${country} on ${new Date(alertedBefore[1]).toISOString().slice(0, 10)} too, in an alert not dismissed as benign (not learned)` : '';
    const usual = Object.entries(mine.c)
      .sort((x, y) => y[1].days - x[1].days)
      .slice(0, 5)
      .map(([k, v]) => `${k} (${v.days} day${v.days === 1 ? '' : 's'})`);
    const orgWords =
      p.orgWindowDays === 0
        ? ''
        : org && others.length > 0
          ? `; only ${others.length} other user(s) of the organisation acted from ${country}${orgRecent ? ` in the last ${p.orgWindowDays} days` : `, last ${Math.round((a.time - org.last) / DAY)} days ago`}`
          : `; no one else in the organisation acted from ${country} in Parapet's history`;
    return {
      state: next,
      findings: [
        {
          explanation: `${actorLabel(a)} did ${a.action} from ${country}${a.geo.city ? ` (${a.geo.city})` : ''}${e.intel.ip ? ` at ${e.intel.ip}` : ''}, a country not in their history (${usual.join(', ') || 'none yet'})${unlearned}${orgWords}.`,
          baseline: { userCountries: mine.c, organisationUsersFromCountry: others.length, organisationWindowDays: p.orgWindowDays },
          details: { country, city: a.geo.city, ip: e.intel.ip },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a first sign-in from Nigeria for a London user, unknown to the organisation',
      activities: [...dailySignIns('ann@example.com', 10, PLACES.london), { id: 'ng', action: 'user.login', actor: { email: 'ann@example.com' }, time: at(10, 11), ...PLACES.lagos }],
      expect: { alerts: 1, subjects: ['ann@example.com'], activityIds: [['ng']], explanationContains: 'not in their history (GB' },
    },
    {
      name: 'failed attempts from abroad (a password spray) neither alert nor make the country familiar: the later successful sign-in alerts',
      activities: [
        ...dailySignIns('ann@example.com', 10, PLACES.london),
        ...dailySignIns('bob@example.com', 10, PLACES.london),
        { action: 'user.login_failed', actor: { email: 'ann@example.com' }, time: at(10, 3), srcIp: '31.14.252.70', geo: { country: 'RO' } },
        { action: 'user.login_failed', actor: { email: 'bob@example.com' }, time: at(10, 3, 1), srcIp: '31.14.252.70', geo: { country: 'RO' } },
        { id: 'ro', action: 'user.login', actor: { email: 'bob@example.com' }, time: at(10, 4), srcIp: '31.14.252.70', geo: { country: 'RO' } },
      ],
      expect: { alerts: 1, activityIds: [['ro']] },
    },
    {
      name: 'no alert for a country the organisation works in (two colleagues are in France)',
      activities: [
        ...dailySignIns('ann@example.com', 10, PLACES.london),
        ...dailySignIns('bea@example.com', 10, PLACES.paris),
        ...dailySignIns('cal@example.com', 10, PLACES.paris),
        { action: 'user.login', actor: { email: 'ann@example.com' }, time: at(10, 11), ...PLACES.paris },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for the user\'s own country, nor during the learning period',
      activities: [...dailySignIns('dan@example.com', 3, PLACES.london), { action: 'user.login', actor: { email: 'dan@example.com' }, time: at(3, 11), ...PLACES.lagos }, ...dailySignIns('dan@example.com', 8, PLACES.london, { from: at(4, 0) })],
      expect: { alerts: 0 },
    },
    {
      name: 'high sensitivity: any new country for the user alerts, even one colleagues use',
      settings: { sensitivity: 'high' },
      activities: [
        ...dailySignIns('ann@example.com', 10, PLACES.london),
        ...dailySignIns('bea@example.com', 10, PLACES.paris),
        ...dailySignIns('cal@example.com', 10, PLACES.paris),
        { action: 'user.login', actor: { email: 'ann@example.com' }, time: at(10, 11), ...PLACES.paris },
      ],
      expect: { alerts: 1 },
    },
  ],
});
