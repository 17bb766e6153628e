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
});
