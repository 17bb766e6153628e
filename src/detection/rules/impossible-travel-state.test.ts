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
    // Once the oldest entry drops out the places are indexed anew: entries whose index moved are written anew.
    const full = { l: [[LONDON.t - 40 * MINUTE, 'gone', 0], ...Array.from({ length: 31 }, (_, i) => [LONDON.t - (30 - i) * 30_000, `london-${i}`, 1])], pl: [lagos, london] };
    const shifted = evaluate(full).state?.['u:ann@example.com'] as { l: unknown[][]; pl: unknown[] };
    expect(shifted.pl).toEqual([london, lagos]);
    expect(shifted.l.map((entry) => entry[2])).toEqual([...Array.from({ length: 31 }, () => 0), 1]);
    expect(shifted.l[0]).toEqual([LONDON.t - 30 * 30_000, 'london-0', 0]);
    expect(shifted.l[0]).not.toBe(full.l[1]);
  });
});
