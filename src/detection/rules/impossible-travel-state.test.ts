import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../core/clock.js';
import { buildActivity } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { RuleContext } from '../rule.js';
import { impossibleTravel } from './impossible-travel.js';

const T = Date.UTC(2026, 9, 10, 9);
const LONDON = { t: T - 20 * MINUTE, id: 'home', lat: 51.51, lon: -0.13, country: 'GB', region: 'England', city: 'London', ip: '81.2.69.160', src: 'provider', r: 100, net: null };

function signIn(id: string, time: number, ip: string, geo: { country: string; city: string; lat: number; lon: number }): EnrichedActivity {
  const activity = buildActivity({ id, action: 'user.login', actor: { email: 'ann@example.com' }, time, srcIp: ip, geo });
  return { activity, userKey: 'ann@example.com', intel: { ip, version: 4, routable: true, rangeTags: [], rangeLabels: [], anonymizer: null, network: null, threatFeeds: [], geoAccuracyKm: null } };
}

function evaluate(stored: unknown) {
  const event = signIn('away', T, '41.220.78.31', { country: 'NG', city: 'Lagos', lat: 6.45, lon: 3.39 });
  const ctx: RuleContext<(typeof impossibleTravel.params)['medium']> = { params: impossibleTravel.params.medium, sensitivity: 'medium', learningMs: 0, learning: false, now: T, directory: () => null };
  const state: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  state['u:ann@example.com'] = stored;
  return impossibleTravel.evaluate(event, state as never, ctx);
}

describe('detection.impossible-travel stored locations', () => {
  it('reads the old full-object form and the compact form alike, and writes the same compact form from both', () => {
    const compact = { l: [[LONDON.t, LONDON.id, 0]], pl: [[LONDON.lat, LONDON.lon, LONDON.country, LONDON.region, LONDON.city, LONDON.ip, LONDON.src, LONDON.r, LONDON.net]] };
    const fromOld = evaluate({ locs: [LONDON] });
    const fromCompact = evaluate(Object.freeze(compact));
    expect(fromOld).toEqual(fromCompact);
    expect(fromCompact.findings?.map((f) => f.related)).toEqual([[{ id: 'home', time: LONDON.t }]]);
    const written = fromCompact.state?.['u:ann@example.com'] as { l: unknown[]; pl: unknown[] };
    expect(written.l).toEqual([
      [LONDON.t, 'home', 0],
      [T, 'away', 1],
    ]);
    expect(written.pl).toEqual([compact.pl[0], [6.45, 3.39, 'NG', null, 'Lagos', '41.220.78.31', 'provider', 100, null]]);
  });

  it('writes stored entries that did not change as they are (shared, not copied), and the stored places when no place is new', () => {
    const lagos = [6.45, 3.39, 'NG', null, 'Lagos', '41.220.78.31', 'provider', 100, null];
    const london = [LONDON.lat, LONDON.lon, LONDON.country, LONDON.region, LONDON.city, LONDON.ip, LONDON.src, LONDON.r, LONDON.net];
    const earlier: unknown[] = [LONDON.t - 2 * MINUTE, 'lagos-before', 1];
    const stored = { l: [[LONDON.t - 3 * MINUTE, 'london-before', 0], earlier, [LONDON.t, LONDON.id, 0]], pl: [london, lagos] };
    const written = evaluate(stored).state?.['u:ann@example.com'] as { l: unknown[]; pl: unknown[] };
    expect(written.l).toEqual([...stored.l, [T, 'away', 1]]);
    stored.l.forEach((entry, i) => expect(written.l[i]).toBe(entry));
    expect(written.pl).toBe(stored.pl);
    // The oldest entry drops out; its place stays while a location uses it (here the one added): nothing is re-indexed.
    const full = { l: [[LONDON.t - 40 * MINUTE, 'gone', 0], ...Array.from({ length: 31 }, (_, i) => [LONDON.t - (30 - i) * 30_000, `london-${i}`, 1])], pl: [lagos, london] };
    const kept = evaluate(full).state?.['u:ann@example.com'] as { l: unknown[][]; pl: unknown[] };
    expect(kept.pl).toBe(full.pl);
    expect(kept.l).toEqual([...full.l.slice(1), [T, 'away', 0]]);
    full.l.slice(1).forEach((entry, i) => expect(kept.l[i]).toBe(entry));
    // A place no location uses any more goes: the places are indexed anew, and entries whose index moved are written anew.
    const paris = [48.86, 2.35, 'FR', null, 'Paris', '82.64.0.1', 'provider', 100, null];
    const orphaning = { ...full, pl: [paris, london] };
    const shifted = evaluate(orphaning).state?.['u:ann@example.com'] as { l: unknown[][]; pl: unknown[] };
    expect(shifted.pl).toEqual([london, lagos]);
    expect(shifted.l.map((entry) => entry[2])).toEqual([...Array.from({ length: 31 }, () => 0), 1]);
    expect(shifted.l[0]).toEqual([LONDON.t - 30 * 30_000, 'london-0', 0]);
    expect(shifted.l[0]).not.toBe(full.l[1]);
  });
});

describe('detection.impossible-travel stored locations, appended without a rebuild', () => {
  it('writes a place stored with fewer fields (an older form) in the full form, though the sign-in comes after every stored one', () => {
    const older = [LONDON.lat, LONDON.lon, LONDON.country, LONDON.region, LONDON.city, LONDON.ip, LONDON.src];
    const written = evaluate(Object.freeze({ l: [[LONDON.t, LONDON.id, 0]], pl: [older] })).state?.['u:ann@example.com'] as { pl: unknown[][] };
    expect(written.pl[0]).toEqual([...older, null, null]);
  });

  type Stored = { l: [number, string, number, string?][]; pl: unknown[][]; pend?: unknown[] };
  const CITIES = [
    { ip: '81.2.69.160', country: 'GB', city: 'London', lat: 51.51, lon: -0.13 },
    { ip: '82.64.0.1', country: 'FR', city: 'Paris', lat: 48.86, lon: 2.35 },
    { ip: '2.56.0.1', country: 'NL', city: 'Amsterdam', lat: 52.37, lon: 4.9 },
    { ip: '50.175.0.111', country: 'US', city: 'New York', lat: 40.71, lon: -74.0 },
    { ip: '41.220.78.31', country: 'NG', city: 'Lagos', lat: 6.45, lon: 3.39 },
  ];
  const ctx: RuleContext<(typeof impossibleTravel.params)['medium']> = { params: impossibleTravel.params.medium, sensitivity: 'medium', learningMs: 0, learning: false, now: T + 40 * 86_400_000, directory: () => null };
  const run = (event: EnrichedActivity, stored: unknown) => {
    const state = Object.create(null) as Record<string, unknown>;
    state['u:ann@example.com'] = stored;
    return impossibleTravel.evaluate(event, state as never, ctx);
  };
  // Each location as [time, id, place, twin], whatever the places' order.
  const visits = (s: Stored | undefined) => (s?.l ?? []).map(([t, id, i, twin]) => [t, id, s?.pl[i], twin]);

  it('gives the same findings and locations as reading every location, sign-in after sign-in', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let fast: Stored | undefined;
    let full: Stored | undefined;
    let time = T;
    let appended = 0;
    let findings = 0;
    for (let n = 0; n < 400; n++) {
      // Mostly in order, hours apart, from a handful of European homes (new places push old ones out); now and
      // then the same address again within minutes (a repeat, or the other feed's record), a late record, or a jump.
      const roll = random();
      const late = roll < 0.08;
      time += late ? 0 : roll < 0.3 ? Math.floor(random() * 2 * MINUTE) : Math.floor(random() * 9 * 3_600_000);
      const at = late ? time - Math.floor(random() * 20 * 3_600_000) : time;
      const city = CITIES[roll > 0.985 ? 3 + Math.floor(random() * 2) : Math.floor(random() * 3)] as (typeof CITIES)[number];
      const ip = roll < 0.3 ? city.ip : city.ip.replace(/\d+$/, String(1 + Math.floor(random() * 40)));
      const event = signIn(`s${n}`, at, ip, city);
      const before = visits(fast);
      const a = run(event, fast && Object.freeze(fast));
      // The same state, with a pending pair that never matches: every location is read and compacted anew.
      const b = run(event, full && Object.freeze({ ...full, pend: [['never~never', at]] }));
      expect(a.findings ?? []).toEqual(b.findings ?? []);
      findings += a.findings?.length ?? 0;
      const aWritten = a.state?.['u:ann@example.com'] as Stored | undefined;
      const bWritten = b.state?.['u:ann@example.com'] as Stored | undefined;
      if (aWritten) {
        expect(visits(aWritten)).toEqual(visits(bWritten));
        fast = { l: aWritten.l, pl: aWritten.pl, ...(aWritten.pend?.length ? { pend: aWritten.pend } : {}) };
        full = { l: bWritten?.l ?? [], pl: bWritten?.pl ?? [], ...(aWritten.pend?.length ? { pend: aWritten.pend } : {}) };
        if (visits(aWritten).length > before.length || visits(aWritten).at(-1)?.[0] !== before.at(-1)?.[0]) appended++;
      }
      // No place is kept that no location uses.
      expect(new Set(fast?.l.map((e) => e[2])).size).toBe(fast?.pl.length ?? 0);
    }
    // The run went through what it is for: many sign-ins added, 32 locations reached, some jumps judged.
    expect(appended).toBeGreaterThan(200);
    expect(fast?.l).toHaveLength(32);
    expect(findings).toBeGreaterThan(0);
  });
});
