import { ConfigError } from '../../../core/errors.js';
import { EU_PLACES, US_PLACES, USER_AGENTS, type Place } from './places.js';
import { mixSeed, SeededRandom } from './seeded-random.js';

/**
 * The organisation every simulator of the demo workspace serves. Parapet links a person's accounts across
 * apps by e-mail, so the demo only shows one identity per person if every simulator builds its directory
 * from the same {@link workforce} of this organisation, with the same seed.
 */
export const DEMO_ORGANISATION = { name: 'Northwind Legal Group', domain: 'northwind-legal.example' } as const;

export type Region = 'us' | 'eu';

/** One person of the organisation, the same in every simulated app. */
export interface Person {
  /**
   * Position in the workforce, and the person's identity across simulators: person i of one app is person
   * i of every other. 0–20 are in the `us` region (US and Canada), 21–39 in `eu`, then the regions alternate.
   */
  index: number;
  firstName: string;
  lastName: string;
  /** `first.last@domain`, lower case, unique in the workforce (a number follows the name if it must). */
  email: string;
  region: Region;
  place: Place;
  /** The home address this person signs in from: one of `place.ips`. */
  ip: string;
  /** The one desktop browser this person uses. */
  userAgent: string;
  /** Local hour the working day starts (7–10). */
  workStartHour: number;
  /** Length of the working day in hours (8–9). */
  workHours: number;
  /** 0.5 (light) .. 1.5 (heavy): scales how much this person does per day. */
  activityLevel: number;
}

export interface WorkforceOptions {
  /** The simulator seed: the same seed gives the same people. */
  seed: number;
  /** E-mail domain of everyone in it (lower-cased), e.g. {@link DEMO_ORGANISATION}`.domain`. */
  domain: string;
  /**
   * How many people. A larger workforce starts with the same people as a smaller one, so an app with a
   * bigger directory still shares its first 40 people with DocuSign (and a smaller one is the first
   * people only: 21 or fewer are all in `us`). @default 40
   */
  size?: number;
}

/** The people every simulator of the demo organisation has: 21 in the `us` region, 19 in `eu`. */
export const WORKFORCE_SIZE = 40;
const CORE_US = 21;

/** Its own stream, so a simulator's other draws never change who works here. */
const WORKFORCE_STREAM = 0x0f0ce5;

const US_NAMES = {
  first: ['Alex', 'Jordan', 'Priya', 'Marcus', 'Elena', 'Wei', 'Fatima', 'Daniel', 'Sofia', 'Liam', 'Aisha', 'Noah', 'Chloe', 'Mateo', 'Hannah', 'Ethan', 'Grace', 'Lucas', 'Maya', 'Oliver', 'Zoe', 'Samuel', 'Rachel', 'Kevin'],
  last: ['Morgan', 'Reyes', 'Patel', 'Johnson', 'Kowalski', 'Chen', 'Hassan', 'Brooks', 'Rossi', 'Nguyen', 'Carter', 'Silva', 'Wright', 'Kim', 'Lopez', 'Evans', 'Turner', 'Baker', 'Parker', 'Foster', 'Hughes', 'Price', 'Bennett', 'Ward'],
};
const EU_NAMES = {
  first: ['Isabel', 'Henrik', 'Amelie', 'Lars', 'Ines', 'Tomas', 'Niamh', 'Felix', 'Clara', 'Julien', 'Marta', 'Pieter', 'Saoirse', 'Lukas', 'Camille', 'Diego', 'Freya', 'Emma', 'Oscar', 'Lea', 'Matteo', 'Astrid'],
  last: ['Dubois', 'Becker', 'Fischer', 'Murphy', 'Schmidt', 'Moreau', 'Jansen', 'Garcia', 'Walsh', 'Weber', 'Laurent', 'Fernandez', 'Visser', 'Byrne', 'Hoffmann', 'Martin', 'Ruiz', 'Kelly', 'Novak', 'Clarke', 'Bernard', 'Ortiz'],
};

interface Names {
  first: string[];
  last: string[];
}

/**
 * The demo organisation's people, the same for the same seed whatever else the caller draws: every
 * simulator of the demo workspace builds its users from this list (person i = its user i), so one person
 * has the same e-mail, home city, home IP, browser and working hours in every app and Parapet links their
 * accounts into one identity.
 *
 * The demo workspace starts every simulator with the same seed, so it only has to call this with
 * {@link DEMO_ORGANISATION}`.domain`. Person 0 is always Alex Morgan, the demo's administrator.
 *
 * Each person lives at a real address of {@link US_PLACES} or {@link EU_PLACES}, one per person while the
 * region's addresses last (28 in `us`, 26 in `eu`); beyond that, extra people share a home address with a
 * colleague in the same city. Names pair the shuffled first and last names along the diagonal first, then
 * along shifted diagonals, so the first 576 people of `us` and 484 of `eu` have distinct names (after that
 * a number follows the name in the e-mail).
 */
export function workforce(options: WorkforceOptions): Person[] {
  const size = options.size ?? WORKFORCE_SIZE;
  if (!Number.isInteger(size) || size < 0) {
    throw new ConfigError(`workforce: size must be a whole number of people (0 or more), got ${String(size)}`);
  }
  // Every draw below is fixed in number per person, so person i does not depend on `size`.
  const rng = new SeededRandom(mixSeed(options.seed, WORKFORCE_STREAM));
  const us: Names = { first: shuffled(US_NAMES.first, rng), last: shuffled(US_NAMES.last, rng) };
  const eu: Names = { first: shuffled(EU_NAMES.first, rng), last: shuffled(EU_NAMES.last, rng) };
  pinFirst(us.first, 'Alex');
  pinFirst(us.last, 'Morgan');

  const counts = { us: 0, eu: 0 };
  for (let index = 0; index < size; index++) counts[regionOf(index)]++;
  const homes = { us: assignHomes(US_PLACES, counts.us), eu: assignHomes(EU_PLACES, counts.eu) };
  const next = { us: 0, eu: 0 };
  const emails = new Set<string>();

  const people: Person[] = [];
  for (let index = 0; index < size; index++) {
    const region = regionOf(index);
    const local = next[region]++;
    const { firstName, lastName, round } = nameAt(region === 'us' ? us : eu, local);
    const home = homes[region][local] as Home;
    people.push({
      index,
      firstName,
      lastName,
      email: uniqueEmail(firstName, lastName, round, options.domain, emails),
      region,
      place: home.place,
      ip: home.ip,
      userAgent: rng.pick(USER_AGENTS),
      workStartHour: rng.int(7, 10),
      workHours: rng.int(8, 9),
      activityLevel: 0.5 + rng.next(),
    });
  }
  return people;
}

function regionOf(index: number): Region {
  if (index < CORE_US) return 'us';
  if (index < WORKFORCE_SIZE) return 'eu';
  return (index - WORKFORCE_SIZE) % 2 === 0 ? 'us' : 'eu';
}

function shuffled<T>(items: readonly T[], rng: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Moves `value` to the front, so the demo admin keeps a recognisable name whatever the seed. */
function pinFirst(items: string[], value: string): void {
  const at = items.indexOf(value);
  items[at] = items[0] as string;
  items[0] = value;
}

/**
 * The `local`-th name of a region: first[i] with last[i + shift], shift growing each time the first names
 * run out, which visits every first/last pair once before any repeats (`round` counts the repeats).
 */
function nameAt(names: Names, local: number): { firstName: string; lastName: string; round: number } {
  const nf = names.first.length;
  const nl = names.last.length;
  const i = local % nf;
  const shift = Math.floor(local / nf) % nl;
  return {
    firstName: names.first[i] as string,
    lastName: names.last[(i + shift) % nl] as string,
    round: Math.floor(local / (nf * nl)),
  };
}

function uniqueEmail(first: string, last: string, round: number, domain: string, taken: Set<string>): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const emailWith = (repeat: number) => `${clean(first)}.${clean(last)}${repeat === 0 ? '' : repeat + 1}@${domain.toLowerCase()}`;
  let repeat = round;
  while (taken.has(emailWith(repeat))) repeat++;
  const email = emailWith(repeat);
  taken.add(email);
  return email;
}

interface Home {
  place: Place;
  ip: string;
}

/**
 * Hands out places round-robin, each place at most as many people as it has home addresses; once every
 * address is taken, the round-robin goes on and addresses are shared. Sequential, so the first n homes are
 * the same whatever `count`.
 */
function assignHomes(places: readonly Place[], count: number): Home[] {
  const capacity = places.reduce((sum, p) => sum + p.ips.length, 0);
  const used = new Map<Place, number>();
  const out: Home[] = [];
  let cursor = 0;
  while (out.length < count) {
    const place = places[cursor % places.length] as Place;
    cursor++;
    const n = used.get(place) ?? 0;
    if (n >= place.ips.length && out.length < capacity) continue;
    used.set(place, n + 1);
    out.push({ place, ip: place.ips[n % place.ips.length] as string });
  }
  return out;
}
