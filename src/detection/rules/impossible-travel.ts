import { z } from 'zod';
import { stateKey } from '../../core/state-key.js';
import type { Action } from '../../core/activity.js';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import type { ActivityInput } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { actorLabel, isPerson } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { insertByTime } from '../time-order.js';
import { benignKey, boundedMap, distanceKm, duration, inBenignWindow, km, placeOf, SIGN_IN_ACTIONS, type BenignWindows } from './shared.js';

interface Params {
  /** Faster than this between two places is impossible (a long-haul flight is ~900 km/h). */
  maxSpeedKmh: number;
  /** Places closer than this (after subtracting the accuracy radii) are never "travel". */
  minDistanceKm: number;
  /** How far a city-level IP geolocation may be from where the person is, when the lookup does not say. */
  ipLocationErrorKm: number;
  /** The same for a location known only to the country (its coordinates are the country's centre). */
  countryLocationErrorKm: number;
  /** Which activities count as being somewhere: sign-ins only, or every activity with a location. */
  activities: 'sign-ins' | 'all';
  /** Locations of anonymising addresses are the exit node's: skip them. */
  skipAnonymous: boolean;
  /** A pair of places learned as usual by this many people (alerts dismissed as benign) is usual for everyone. */
  orgPairUsers: number;
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
  /** Accuracy radius, km. */
  r?: number;
  /** Egress network whose addresses geolocate to a gateway: `mobile:<name>`, `secure-proxy:<name>`, `cloud:<name>`, `relay`, `inflight`. */
  net?: string | null;
  /** The other record of the same sign-in (another feed, same address, within {@link TWIN_MS}). */
  twin?: string;
}

/** A place as stored: [lat, lon, country, region, city, ip, geo source, accuracy radius, egress network]. */
type PlaceTuple = [number, number, string | null, string | null, string | null, string | null, string | null, number | null, string | null];

interface UserState {
  /**
   * Locations, oldest first, each [time, activity id, index in `pl`, id of the same sign-in's record from
   * another feed] (most people sign in from a few places).
   */
  l?: StoredVisit[];
  pl?: PlaceTuple[];
  /** The same as full objects (state written before the compact form; read, never written). */
  locs?: Location[];
  /** Pairs of places learned as usual for this person: key -> [times learned, last time]. */
  pairs?: Record<string, [number, number]>;
  /**
   * Pairs that raised an alert, waiting for it to be dismissed as benign before they are learned: [key, time,
   * time of the other end] (the third is absent in state written before it was kept).
   */
  pend?: Pending[];
}

interface OrgPairs {
  /** Pair key -> people who have it as a usual pair. */
  p: Record<string, string[]>;
}

type State = UserState | OrgPairs | BenignWindows;

type Pending = [string, number, number?];

/**
 * Locations kept per person. Apps backfilled side by side reach detection days apart: a sign-in another app
 * delivers late must still find the person's locations around its time (with 8, a day of sign-ins from
 * two home networks pushed them out, and a stolen session replayed from abroad went unnoticed).
 */
const MAX_LOCATIONS = 32;
/**
 * Two records this close in time from one address are one sign-in reported twice (Microsoft 365's audit
 * record and Graph's): the second of either end of an alerted jump joins that alert as evidence.
 */
const TWIN_MS = 2 * MINUTE;
const MAX_PAIRS = 20;
const ORG_PAIRS = 'org:pairs';

/**
 * When `here` is the second record of one end of a jump that alerted (same address, within {@link TWIN_MS}),
 * the jump's other end; else null.
 */
function twinOfAlerted(pend: readonly Pending[], visits: readonly Visit[], here: Location): Location | null {
  for (const [, end, otherEnd] of pend) {
    if (otherEnd === undefined) continue;
    for (const [mine, theirs] of [[end, otherEnd], [otherEnd, end]] as const) {
      if (Math.abs(here.t - mine) > TWIN_MS) continue;
      const same = visits.find((v) => v.t === mine && v.place[5] === here.ip);
      const other = same && visits.find((v) => v.t === theirs);
      if (other) return locationOf(other);
    }
  }
  return null;
}

/** A stored location: when, which activity, and its place (the stored tuple itself, shared). */
interface Visit {
  t: number;
  id: string;
  place: PlaceTuple;
  /** The full object, when there is one already (the activity judged now, or the old stored form). */
  loc?: Location;
  twin?: string;
  /** The stored entry it was read from (compact form): written again as it is when nothing about it changed. */
  stored?: StoredVisit;
}

/** A location as stored: [time, activity id, index in `pl`, id of the same sign-in's record from another feed]. */
type StoredVisit = [number, string, number, string?];

const PLACE_FIELDS = 9;

const tupleOf = (x: Location): PlaceTuple => [x.lat, x.lon, x.country, x.region, x.city, x.ip, x.src, x.r ?? null, x.net ?? null];

/** The full location of a visit. */
function locationOf(v: Visit): Location {
  if (v.loc) return v.twin === undefined ? v.loc : { ...v.loc, twin: v.twin };
  const twin = v.twin !== undefined ? { twin: v.twin } : {};
  const { t, id, place } = v;
  // Indexed, not destructured: an array pattern goes through an iterator (an allocation per visit read).
  const lat = place[0], lon = place[1], country = place[2], region = place[3], city = place[4], ip = place[5], src = place[6], r = place[7], net = place[8];
  return r === null ? { t, id, lat, lon, country, region, city, ip, src, net, ...twin } : { t, id, lat, lon, country, region, city, ip, src, r, net, ...twin };
}

/**
 * The person's locations, oldest first, from either stored form. Places are not copied into objects: only
 * the neighbours of the activity judged are (most sign-ins compare with one or two).
 */
function visitsOf(state: UserState): Visit[] {
  if (!state.l) return (state.locs ?? []).map((loc) => ({ t: loc.t, id: loc.id, place: tupleOf(loc), loc }));
  const places = state.pl ?? [];
  return state.l.map((stored) => {
    // Indexed, not destructured: this runs for every stored location of every sign-in judged.
    const t = stored[0];
    const id = stored[1];
    const twin = stored[3];
    const place = places[stored[2]] as PlaceTuple;
    // A tuple of another length is normalised through its full object, as the stored form is read and written.
    const visit: Visit = place.length === PLACE_FIELDS ? { t, id, place, stored } : { t, id, place: tupleOf(locationOf({ t, id, place })) };
    if (twin !== undefined) visit.twin = twin;
    return visit;
  });
}

/**
 * The person's last stored location when the activity at `time` comes at or after it (its only neighbour), read
 * from the compact form whose places are all as written today; else undefined (every location is then read).
 */
function lastVisitBefore(state: UserState, time: number): Visit | undefined {
  const { l, pl } = state;
  const stored = l?.[l.length - 1];
  if (!l || !pl || stored === undefined || stored[0] > time || l.length > MAX_LOCATIONS || !pl.every((p) => p.length === PLACE_FIELDS)) return undefined;
  const visit: Visit = { t: stored[0], id: stored[1], place: pl[stored[2]] as PlaceTuple, stored };
  if (stored[3] !== undefined) visit.twin = stored[3];
  return visit;
}

/**
 * The compact form with `added` after its last location `last` (whose twin may be new), without rebuilding it:
 * stored entries and places are reused, a new place is appended, and the oldest entry goes once there are
 * more than {@link MAX_LOCATIONS}. Null when that would leave a place no entry uses (the places are then
 * compacted anew).
 */
function appendedToStored(state: UserState, last: Visit, added: Visit | null): Pick<UserState, 'l' | 'pl'> | null {
  const l = state.l as StoredVisit[];
  let pl = state.pl as PlaceTuple[];
  const lastStored = l[l.length - 1] as StoredVisit;
  let entries = l;
  if (last.twin !== lastStored[3]) entries = [...l.slice(0, -1), last.twin === undefined ? [last.t, last.id, lastStored[2]] : [last.t, last.id, lastStored[2], last.twin]];
  if (!added) return { l: entries, pl };
  let i = pl.findIndex((p) => samePlace(p, added.place));
  if (i < 0) {
    i = pl.length;
    pl = [...pl, added.place];
  }
  const entry: StoredVisit = [added.t, added.id, i];
  if (entries.length < MAX_LOCATIONS) return { l: [...entries, entry], pl };
  const dropped = (entries[0] as StoredVisit)[2];
  if (dropped !== i && !entries.some((e, k) => k > 0 && e[2] === dropped)) return null;
  return { l: [...entries.slice(1), entry], pl };
}

/**
 * The compact stored form of locations: each distinct place once. Stored tuples are reused as they are
 * (entries whose place index and twin did not change, and the list of places when it is the same): state is
 * shared and frozen, so what is reused is neither copied nor walked again.
 */
function compactVisits(visits: readonly Visit[], storedPlaces: readonly PlaceTuple[] = []): Pick<UserState, 'l' | 'pl'> {
  const l: StoredVisit[] = [];
  const pl: PlaceTuple[] = [];
  for (const v of visits) {
    // At most MAX_LOCATIONS places: a scan beats building a key for each.
    let i = pl.indexOf(v.place);
    if (i < 0) i = pl.findIndex((p) => samePlace(p, v.place));
    if (i < 0) i = pl.push(v.place) - 1;
    const stored = v.stored;
    l.push(stored !== undefined && stored[2] === i && stored[3] === v.twin ? stored : v.twin !== undefined ? [v.t, v.id, i, v.twin] : [v.t, v.id, i]);
  }
  const samePlaces = pl.length === storedPlaces.length && pl.every((p, i) => p === storedPlaces[i]);
  return { l, pl: samePlaces ? (storedPlaces as PlaceTuple[]) : pl };
}

function samePlace(x: PlaceTuple, y: PlaceTuple): boolean {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return x.length === y.length;
}

const place = (l: Pick<Location, 'country' | 'city'>): string => `${l.country ?? '?'}/${(l.city ?? '').toLowerCase()}`;
const pairKey = (a: Location, b: Location): string => [place(a), place(b)].sort().join('~');
const NET_WORDS: Record<string, string> = { mobile: 'one mobile carrier', 'secure-proxy': 'one security proxy', cloud: 'one cloud', relay: 'a privacy relay' };
const GATEWAY_WORDS: Record<string, string> = { mobile: "a mobile carrier's address", 'secure-proxy': "a security proxy's address", cloud: "a cloud's address" };

function egressNetwork(e: EnrichedActivity): string | null {
  const n = e.intel.network;
  if (!n) return null;
  if (n.kind === 'inflight' || n.kind === 'relay') return n.kind;
  if (n.kind === 'mobile' || n.kind === 'secure-proxy' || n.kind === 'cloud') return `${n.kind}:${n.name}`;
  return null;
}

/** Why a jump between two locations is not judged, or null: the evidence a human would weigh first. */
function explainedAway(x: Location, y: Location, usual: boolean): string | null {
  if (x.net === 'inflight' || y.net === 'inflight') return 'in-flight Wi-Fi';
  if (x.net && x.net === y.net) {
    const [kind, name] = x.net.split(':');
    return `${NET_WORDS[kind ?? ''] ?? 'one network'}${name ? ` (${name})` : ''}`;
  }
  // A carrier's, proxy's or cloud's address is its gateway's location: it places the person in the gateway's
  // country, nothing finer. Within one country such a jump proves nothing; across countries it is judged.
  const gateway = [x, y].find((l) => l.net && l.net !== 'relay');
  if (gateway && x.country && x.country === y.country) {
    const [kind, name] = (gateway.net ?? '').split(':');
    return `${GATEWAY_WORDS[kind ?? ''] ?? 'a gateway address'}${name ? ` (${name})` : ''} places the person only in its country`;
  }
  return usual ? 'a usual pair of places' : null;
}

/** A phone on T-Mobile US's network, geolocated to Seattle. */
const TMOBILE_SEATTLE = { srcIp: '172.56.1.1', asn: 21928, geo: { country: 'US', city: 'Seattle', lat: 47.6, lon: -122.33 } };
/** London, then Paris 20 minutes later (343 km). */
const LONDON_THEN_PARIS_IN_20_MINUTES: ActivityInput[] = [
  ...dailySignIns('lia@example.com', 10, PLACES.london),
  { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 8), ...PLACES.london },
  { action: 'user.login', actor: { email: 'lia@example.com' }, time: at(10, 8, 20), ...PLACES.paris },
];

/**
 * Sam's sign-in as Microsoft 365 reports it twice, in the given order: the audit log's `UserLoggedIn` and
 * Graph's `signIn` ('home': Seattle at 16:50 on day 10; 'away': Lagos at 17:32).
 */
function twoFeeds(end: 'home' | 'away', feeds: readonly ('audit' | 'graph')[]): ActivityInput[] {
  const [time, where] = end === 'home' ? [at(10, 16, 50), PLACES.seattle] : [at(10, 17, 32), PLACES.lagos];
  return feeds.map((feed) => ({ id: `${end}-${feed}`, connectorInstanceId: feed, eventType: feed === 'audit' ? 'UserLoggedIn' : 'signIn', correlationId: `c-${end}`, action: 'user.login', actor: { email: 'sam@example.com' }, time, ...where }));
}

/** The activity places a person somewhere this policy judges (with these params). */
function placesPerson(e: EnrichedActivity, p: Params): boolean {
  const a = e.activity;
  if (!isPerson(a) || a.outcome === 'failure' || a.outcome === 'interrupted') return false;
  if (p.activities === 'sign-ins' && !SIGN_IN_ACTIONS.includes(a.action as Action)) return false;
  if (a.geo.lat === null || a.geo.lon === null || !e.intel.routable) return false;
  return !(p.skipAnonymous && e.intel.anonymizer && e.intel.anonymizer.kind !== 'hosting');
}

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
  learnsFromBenign:
    "the alert's pair of places is usual for the person (and for everyone once as many people as the orgPairUsers parameter have it): a jump between them alerts no more",
  actions: null,
  params: {
    low: { maxSpeedKmh: 1500, minDistanceKm: 1500, ipLocationErrorKm: 150, countryLocationErrorKm: 2000, activities: 'sign-ins', skipAnonymous: true, orgPairUsers: 2 },
    medium: { maxSpeedKmh: 1000, minDistanceKm: 500, ipLocationErrorKm: 100, countryLocationErrorKm: 1500, activities: 'sign-ins', skipAnonymous: true, orgPairUsers: 3 },
    high: { maxSpeedKmh: 800, minDistanceKm: 300, ipLocationErrorKm: 75, countryLocationErrorKm: 1000, activities: 'all', skipAnonymous: false, orgPairUsers: 5 },
  },
  paramDocs: {
    maxSpeedKmh: "Faster than this between two places is impossible (a long-haul flight is about 900 km/h).",
    minDistanceKm: "Places closer than this, after subtracting the accuracy radii, are never travel.",
    ipLocationErrorKm: "Accuracy radius of a city-level location when the lookup does not give its own (GeoIP2 `accuracy_radius`): subtracted at each end.",
    countryLocationErrorKm: "Accuracy radius of a location known only to the country (its coordinates are the country's centre).",
    activities: "Which activities place the user: `sign-ins` or `all` with a location.",
    skipAnonymous: "Ignore locations of anonymising addresses.",
    orgPairUsers: "A pair of places that this many people have as usual (their alerts were dismissed as benign) is usual for everyone.",
  },
  paramsSchema: z
    .object({ maxSpeedKmh: z.number().positive(), minDistanceKm: z.number().min(0), ipLocationErrorKm: z.number().min(0), countryLocationErrorKm: z.number().min(0), activities: z.enum(['sign-ins', 'all']), skipAnonymous: z.boolean(), orgPairUsers: z.number().int().min(1) })
    .partial()
    .strict(),
  defaults: { enabled: true, learningDays: 7 },
  usesLocation: true,
  stateKeys(e, ctx) {
    const user = e.userKey;
    // Only what evaluate judges reads state (most activities of a day are not sign-ins).
    return user && (!ctx.params || placesPerson(e, ctx.params)) ? [stateKey('u:', user), benignKey(user), ORG_PAIRS] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const p = ctx.params;
    const user = e.userKey;
    if (!user || !placesPerson(e, p) || a.geo.lat === null || a.geo.lon === null) return {};
    const radius = e.intel.geoAccuracyKm ?? (a.geo.city ? p.ipLocationErrorKm : p.countryLocationErrorKm);
    const here: Location = { t: a.time, id: a.id, lat: a.geo.lat, lon: a.geo.lon, country: a.geo.country, region: a.geo.region, city: a.geo.city, ip: e.intel.ip, src: a.geo.source, r: radius, net: egressNetwork(e) };
    const key = stateKey('u:', user);
    const mine = (state[key] as UserState | undefined) ?? {};
    const org = (state[ORG_PAIRS] as OrgPairs | undefined) ?? { p: {} };
    // Pairs whose alert was dismissed as benign are learned now, and for the organisation.
    const benign = state[benignKey(user)] as BenignWindows | undefined;
    // Copied only when a pair is learned (stored values are shared and frozen).
    let pairs: Record<string, [number, number]> = mine.pairs ?? {};
    let pairsCopied = false;
    const pend: Pending[] = [];
    let orgNext: OrgPairs | null = null;
    for (const entry of mine.pend ?? []) {
      const [k, t] = entry;
      if (!inBenignWindow(benign, t)) {
        if (t > a.time - 30 * DAY) pend.push(entry);
        continue;
      }
      if (!pairsCopied) {
        pairs = { ...pairs };
        pairsCopied = true;
      }
      pairs[k] = [(pairs[k]?.[0] ?? 0) + 1, Math.max(t, pairs[k]?.[1] ?? t)];
      const users = org.p[k] ?? [];
      if (!users.includes(user)) orgNext = { p: { ...(orgNext ?? org).p, [k]: [...users, user].slice(-50) } };
    }
    pairs = boundedMap(pairs, MAX_PAIRS, (v) => v[1]);
    // Most sign-ins come after every stored location (and no alerted jump waits for its twin): the last one is
    // their only neighbour, and the stored form grows by one entry. Otherwise every location is read.
    const last = pend.length === 0 ? lastVisitBefore(mine, a.time) : undefined;
    const visits = last ? null : visitsOf(mine);
    // Compare with the nearest known location before and after (activities may arrive out of order).
    const previous = visits ? visits.findLast((l) => l.t <= a.time) : last;
    const next = visits?.find((l) => l.t > a.time);
    const before = previous && locationOf(previous);
    const after = next && locationOf(next);
    // The same address again within the hour adds nothing to compare with.
    const repeat = before !== undefined && before.ip === here.ip && a.time - before.t < HOUR && (!after || after.ip === here.ip);
    // The same sign-in from the other feed: kept on the visit, so an alert about it holds both records.
    const twinned = repeat && previous !== undefined && previous.twin === undefined && previous.id !== here.id && Math.abs(a.time - previous.t) <= TWIN_MS;
    if (twinned) previous.twin = here.id;
    const added: Visit | null = repeat ? null : { t: here.t, id: here.id, place: tupleOf(here), loc: here };
    // Visits are kept in time order: a sign-in's neighbours are found by it.
    if (visits && added) insertByTime(visits, added, (v) => v.t);
    const stored = (): Pick<UserState, 'l' | 'pl'> => {
      if (visits) return compactVisits(visits.slice(-MAX_LOCATIONS), mine.pl);
      const appended = appendedToStored(mine, previous as Visit, added);
      if (appended) return appended;
      // The last location (its twin may be new) and the one added, compacted as above.
      const all = visitsOf(mine);
      all[all.length - 1] = previous as Visit;
      if (added) all.push(added);
      return compactVisits(all.slice(-MAX_LOCATIONS), mine.pl);
    };
    const write = (extraPend: Pending[] = []): Record<string, State> => {
      const out: Record<string, State> = {};
      const changed = !repeat || twinned || extraPend.length > 0 || (mine.pend ?? []).length !== pend.length;
      if (changed) out[key] = { ...stored(), pairs, pend: [...pend, ...extraPend].slice(-MAX_PAIRS) };
      if (orgNext) out[ORG_PAIRS] = { p: boundedMap(orgNext.p, 500, (v) => v.length) };
      return out;
    };

    // The second record of one end of a jump that alerted is compared with the jump's other end again (and
    // so joins its alert), though the place repeats: which of the two feeds comes first is a matter of timing.
    const alerted = visits ? twinOfAlerted(pend, visits, here) : null;
    for (const other of alerted ? [alerted] : [before, after]) {
      if (!other || other.ip === here.ip) continue;
      const raw = distanceKm(other, here);
      const r1 = other.r ?? p.ipLocationErrorKm;
      const r2 = here.r ?? p.ipLocationErrorKm;
      const distance = raw - r1 - r2;
      if (distance < p.minDistanceKm) continue;
      const elapsed = Math.abs(a.time - other.t);
      const speed = distance / (Math.max(elapsed, MINUTE) / 3_600_000);
      if (speed <= p.maxSpeedKmh) continue;
      const pk = pairKey(other, here);
      const orgUsers = (orgNext ?? org).p[pk]?.length ?? 0;
      if (!alerted && explainedAway(other, here, pairs[pk] !== undefined || orgUsers >= p.orgPairUsers)) continue;
      const [first, second] = other.t <= here.t ? [other, here] : [here, other];
      const where = (l: Location) => `${placeOf(l)} (${l.ip ?? 'no IP'})`;
      const radii = r1 === r2 ? `the accuracy radius ${km(r1)} km at each end` : `accuracy radii of ${km(first === other ? r1 : r2)} km and ${km(first === other ? r2 : r1)} km`;
      const pairWords = orgUsers > 0 ? `${orgUsers} colleague(s) have it as a usual pair, fewer than ${p.orgPairUsers}` : 'neither they nor the organisation have it as a usual pair';
      return {
        state: alerted ? write() : write([[pk, a.time, other.t]]),
        findings: [
          {
            explanation: `${actorLabel(a)} was in ${where(first)} and ${duration(Math.abs(second.t - first.t))} later in ${where(second)}, ${km(raw)} km apart: even allowing ${radii}, that is ${km(speed)} km/h, faster than the ${km(p.maxSpeedKmh)} km/h anyone can travel. Checked: not one mobile carrier, security proxy, cloud or privacy relay at both ends, no such gateway within one country, no in-flight Wi-Fi; ${pairWords}.`,
            baseline: { previousLocation: other, usualPairs: Object.keys(pairs) },
            details: { from: first, to: second, distanceKm: Math.round(raw), minutes: Math.round(elapsed / MINUTE), speedKmh: Math.round(speed), accuracyKm: [first.r ?? null, second.r ?? null], pair: pk, networks: [first.net ?? null, second.net ?? null] },
            related: [{ id: other.id, time: other.t }, ...(other.twin !== undefined ? [{ id: other.twin, time: other.t }] : [])],
          },
        ],
      };
    }
    return { state: write() };
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
      name: "one sign-in through two feeds (Microsoft 365's audit record and Graph's): the far sign-in's second record joins the alert; audit record first",
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        ...twoFeeds('home', ['graph', 'audit']),
        ...twoFeeds('away', ['audit', 'graph']),
      ],
      expect: { alerts: 1, activityIds: [['home-graph', 'home-audit', 'away-audit', 'away-graph']] },
    },
    {
      name: "one sign-in through two feeds: the same alert with the same evidence when Graph's record of the far sign-in comes first",
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        ...twoFeeds('home', ['audit', 'graph']),
        ...twoFeeds('away', ['graph', 'audit']),
      ],
      expect: { alerts: 1, activityIds: [['home-audit', 'home-graph', 'away-graph', 'away-audit']] },
    },
    {
      name: 'fires on a sign-in another app delivers late, after a day of sign-ins from two home networks',
      activities: [
        ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
        ...Array.from({ length: 24 }, (_, h) => ({ id: `h-${h}`, connectorInstanceId: 'idp', action: 'user.login' as const, actor: { email: 'sam@example.com' }, time: at(10, h), ...PLACES.seattle, ...(h % 2 === 1 ? { srcIp: '50.175.0.112' } : {}) })),
        { id: 'away', connectorInstanceId: 'late-app', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 5, 20), ...PLACES.lagos },
      ],
      expect: { alerts: 1, subjects: ['sam@example.com'], activityIds: [['h-5', 'away']] },
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
      name: 'no alert for nearby places once the IP-location error is allowed (London, then Paris 20 minutes later: 344 km, 144 km after 100 km at each end)',
      settings: { params: { minDistanceKm: 100 } },
      activities: LONDON_THEN_PARIS_IN_20_MINUTES,
      expect: { alerts: 0 },
    },
    {
      name: 'fires for the same London-Paris jump when no location error is allowed (so the example above can fail)',
      settings: { params: { minDistanceKm: 100, ipLocationErrorKm: 0 } },
      activities: LONDON_THEN_PARIS_IN_20_MINUTES,
      expect: { alerts: 1, explanationContains: '343 km apart' },
    },
    {
      name: "no alert when one end is only known to the country (the coordinates are the country's centre, accurate to 1,500 km)",
      activities: [
        ...dailySignIns('ned@example.com', 10, PLACES.newYork),
        { action: 'user.login', actor: { email: 'ned@example.com' }, time: at(10, 9), ...PLACES.newYork },
        { action: 'user.login', actor: { email: 'ned@example.com' }, time: at(10, 9, 30), srcIp: '12.34.56.78', geo: { country: 'US', lat: 39.76, lon: -98.5 } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires for the same half hour when the far end is a city (Denver), and says which accuracy radii it allowed',
      activities: [
        ...dailySignIns('ned@example.com', 10, PLACES.newYork),
        { action: 'user.login', actor: { email: 'ned@example.com' }, time: at(10, 9), ...PLACES.newYork },
        { action: 'user.login', actor: { email: 'ned@example.com' }, time: at(10, 9, 30), srcIp: '12.34.56.78', geo: { country: 'US', city: 'Denver', lat: 39.74, lon: -104.99 } },
      ],
      expect: { alerts: 1, explanationContains: 'accuracy radius 100 km at each end' },
    },
    {
      name: "no alert when a phone's carrier egress moves: T-Mobile in Seattle, then T-Mobile in Dallas ten minutes later",
      activities: [
        ...dailySignIns('pia@example.com', 10, PLACES.seattle),
        { action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12), ...TMOBILE_SEATTLE },
        { action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12, 10), srcIp: '172.58.2.2', asn: 21928, geo: { country: 'US', city: 'Dallas', lat: 32.78, lon: -96.8 } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: "no alert when a phone's carrier address is in another city of the same country: home line in Seattle, then T-Mobile geolocated to Dallas twenty minutes later",
      activities: [
        ...dailySignIns('pia@example.com', 10, PLACES.seattle),
        { action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12), ...PLACES.seattle },
        { action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12, 20), srcIp: '172.58.2.2', asn: 21928, geo: { country: 'US', city: 'Dallas', lat: 32.78, lon: -96.8 } },
        { action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12, 40), ...PLACES.seattle },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires when the jump leaves the carrier\'s country: T-Mobile in Seattle, then a home line in London ten minutes later',
      activities: [
        ...dailySignIns('pia@example.com', 10, PLACES.seattle),
        { id: 'tmo', action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12), ...TMOBILE_SEATTLE },
        { id: 'ldn', action: 'user.login', actor: { email: 'pia@example.com' }, time: at(10, 12, 10), ...PLACES.london },
      ],
      expect: { alerts: 1, activityIds: [['tmo', 'ldn']], explanationContains: 'not one mobile carrier' },
    },
    {
      name: 'no alert for jumps between two egress points of one security proxy (Zscaler Frankfurt, then Zscaler Chicago)',
      activities: [
        ...dailySignIns('zed@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'zed@example.com' }, time: at(10, 12), srcIp: '165.225.72.1', asn: 53813, geo: { country: 'DE', city: 'Frankfurt', lat: 50.11, lon: 8.68 } },
        { action: 'user.login', actor: { email: 'zed@example.com' }, time: at(10, 12, 15), srcIp: '136.226.64.1', asn: 53813, geo: { country: 'US', city: 'Chicago', lat: 41.88, lon: -87.63 } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for in-flight Wi-Fi: London, then a Panasonic Avionics satellite egress placed in the US two hours later',
      activities: [
        ...dailySignIns('fly@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'fly@example.com' }, time: at(10, 8), ...PLACES.london },
        { action: 'user.login', actor: { email: 'fly@example.com' }, time: at(10, 10), srcIp: '63.116.1.1', asn: 394603, geo: { country: 'US', city: 'Lake Forest', lat: 33.64, lon: -117.69 } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'high sensitivity (anonymisers not skipped): no alert for iCloud Private Relay egress moving between relay networks',
      settings: { sensitivity: 'high' },
      activities: [
        ...dailySignIns('rae@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'rae@example.com' }, time: at(10, 12), srcIp: '172.225.1.1', asn: 36183, geo: { country: 'GB', city: 'London', lat: 51.5, lon: -0.12 } },
        { action: 'user.login', actor: { email: 'rae@example.com' }, time: at(10, 12, 5), srcIp: '104.28.1.1', asn: 13335, geo: { country: 'US', city: 'Ashburn', lat: 39.04, lon: -77.49 } },
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
