import { z } from 'zod';
import type { Action } from '../../core/activity.js';
import { HOUR, MINUTE } from '../../core/clock.js';
import { defineRule } from '../rule.js';
import { actorLabel, isPerson, userKeyOf } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { distanceKm, duration, km, placeOf, SIGN_IN_ACTIONS } from './shared.js';

interface Params {
  /** Faster than this between two places is impossible (a long-haul flight is ~900 km/h). */
  maxSpeedKmh: number;
  /** Places closer than this (after subtracting the error radii) are never "travel". */
  minDistanceKm: number;
  /** How far an IP geolocation may be from where the person is, per location. */
  ipLocationErrorKm: number;
  /** Which activities count as being somewhere: sign-ins only, or every activity with a location. */
  activities: 'sign-ins' | 'all';
  /** Locations of anonymising addresses are the exit node's: skip them. */
  skipAnonymous: boolean;
}

interface Location {
  t: number;
  id: string;
  lat: number;
  lon: number;
  country: string | null;
  region: string | null;
  city: string | null;
  ip: string | null;
  src: string | null;
}

interface State {
  locs: Location[];
}

const MAX_LOCATIONS = 8;

/** Two activities of one user from places farther apart than anyone could travel in the time between them. */
export const impossibleTravel = defineRule<State, Params>({
  id: 'detection.impossible-travel',
  kind: 'builtin',
  title: 'Impossible travel',
  description:
    'Two activities of the same user came from places so far apart that nobody could have travelled between them in the time between the two: someone else is probably using the account. Both locations, the distance and the implied speed are in the evidence; each location is allowed an IP-geolocation error radius.',
  severity: 'high',
  runbook:
    'Compare the two locations with where the user is. If one is not theirs, revoke sessions (require a new sign-in), reset the password, check MFA methods and inbox rules, and review the activities from the foreign address. Corporate VPN ranges tagged `vpn` or `corporate` are never compared.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#impossible-travel',
  attack: [{ id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  actions: null,
  params: {
    low: { maxSpeedKmh: 1500, minDistanceKm: 1500, ipLocationErrorKm: 150, activities: 'sign-ins', skipAnonymous: true },
    medium: { maxSpeedKmh: 1000, minDistanceKm: 500, ipLocationErrorKm: 100, activities: 'sign-ins', skipAnonymous: true },
    high: { maxSpeedKmh: 800, minDistanceKm: 300, ipLocationErrorKm: 75, activities: 'all', skipAnonymous: false },
  },
  paramDocs: {
    maxSpeedKmh: "Faster than this between two places is impossible (a long-haul flight is about 900 km/h).",
    minDistanceKm: "Places closer than this, after subtracting the error radii, are never travel.",
    ipLocationErrorKm: "IP-geolocation error allowed at each end: subtracted twice from the distance.",
    activities: "Which activities place the user: `sign-ins` or `all` with a location.",
    skipAnonymous: "Ignore locations of anonymising addresses.",
  },
  paramsSchema: z
    .object({ maxSpeedKmh: z.number().positive(), minDistanceKm: z.number().min(0), ipLocationErrorKm: z.number().min(0), activities: z.enum(['sign-ins', 'all']), skipAnonymous: z.boolean() })
    .partial()
    .strict(),
  defaults: { enabled: true, learningDays: 7 },
  usesLocation: true,
  stateKeys(e) {
    const user = userKeyOf(e.activity);
    return user ? [`u:${user}`] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const p = ctx.params;
    const user = userKeyOf(a);
    if (!user || !isPerson(a) || a.outcome === 'failure') return {};
    if (p.activities === 'sign-ins' && !SIGN_IN_ACTIONS.includes(a.action as Action)) return {};
    if (a.geo.lat === null || a.geo.lon === null || !e.intel.routable) return {};
    if (p.skipAnonymous && e.intel.anonymizer && e.intel.anonymizer.kind !== 'hosting') return {};
    const here: Location = { t: a.time, id: a.id, lat: a.geo.lat, lon: a.geo.lon, country: a.geo.country, region: a.geo.region, city: a.geo.city, ip: e.intel.ip, src: a.geo.source };
    const key = `u:${user}`;
    const locs = [...(state[key]?.locs ?? [])];
    // Compare with the nearest known location before and after (activities may arrive out of order).
    const before = [...locs].reverse().find((l) => l.t <= a.time);
    const after = locs.find((l) => l.t > a.time);
    // The same address again within the hour adds nothing to compare with: keep the state as it is.
    const repeat = before !== undefined && before.ip === here.ip && a.time - before.t < HOUR && (!after || after.ip === here.ip);
    if (!repeat) {
      locs.push(here);
      locs.sort((x, y) => x.t - y.t);
    }
    const next = repeat ? {} : { [key]: { locs: locs.slice(-MAX_LOCATIONS) } };

    for (const other of [before, after]) {
      if (!other || other.ip === here.ip) continue;
      const raw = distanceKm(other, here);
      const distance = raw - 2 * p.ipLocationErrorKm;
      if (distance < p.minDistanceKm) continue;
      const elapsed = Math.abs(a.time - other.t);
      const speed = distance / (Math.max(elapsed, MINUTE) / 3_600_000);
      if (speed <= p.maxSpeedKmh) continue;
      const [first, second] = other.t <= here.t ? [other, here] : [here, other];
      const where = (l: Location) => `${placeOf(l)} (${l.ip ?? 'no IP'})`;
      return {
        state: next,
        findings: [
          {
            explanation: `${actorLabel(a)} was in ${where(first)} and ${duration(Math.abs(second.t - first.t))} later in ${where(second)}, ${km(raw)} km apart: even allowing ${p.ipLocationErrorKm} km of IP-location error at each end, that is ${km(speed)} km/h, faster than the ${km(p.maxSpeedKmh)} km/h anyone can travel.`,
            baseline: { previousLocation: other },
            details: { from: first, to: second, distanceKm: Math.round(raw), minutes: Math.round(elapsed / MINUTE), speedKmh: Math.round(speed), errorRadiusKm: p.ipLocationErrorKm },
            related: [{ id: other.id, time: other.t }],
          },
        ],
      };
    }
    return { state: next };
  },
  examples: [
    {
      name: 'fires: Seattle, then Lagos 42 minutes later; both sign-ins are the evidence',
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        { id: 'home', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 16, 50), ...PLACES.seattle },
        { id: 'away', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 17, 32), ...PLACES.lagos },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['sam@example.com'], activityIds: [['home', 'away']], explanationContains: '42 minutes later in Lagos, NG' },
    },
    {
      name: 'fires when the far sign-in arrives before the near one (out of order within the lateness bound)',
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        { id: 'away', connectorInstanceId: 'okta', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 17, 32), ...PLACES.lagos },
        { id: 'home', connectorInstanceId: 'm365', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 16, 50), ...PLACES.seattle },
      ],
      expect: { alerts: 1, activityIds: [['home', 'away']] },
    },
    {
      name: 'no alert for a plausible flight: London, then New York eight hours later',
      activities: [
        ...dailySignIns('lia@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 8), ...PLACES.london },
        { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 16), ...PLACES.newYork },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for nearby places within the IP-location error (London, then Paris 20 minutes later at low sensitivity)',
      settings: { sensitivity: 'low' },
      activities: [
        ...dailySignIns('lia@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 8), ...PLACES.london },
        { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 8, 20), ...PLACES.paris },
      ],
      expect: { alerts: 0 },
    },
    {
      name: "no alert when one end is the organisation's VPN",
      intel: { ranges: [{ cidr: '41.220.78.0/24', tag: 'vpn', label: 'Lagos office VPN' }] },
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        { action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 16, 50), ...PLACES.seattle },
        { action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 17, 32), ...PLACES.lagos },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for a new user still being learned',
      activities: [
        { action: 'user.login', actor: { email: 'new@example.com' }, time: at(0, 16, 50), ...PLACES.seattle },
        { action: 'user.login', actor: { email: 'new@example.com' }, time: at(0, 17, 32), ...PLACES.lagos },
      ],
      expect: { alerts: 0 },
    },
  ],
});
