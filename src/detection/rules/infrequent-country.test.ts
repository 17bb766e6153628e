import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock.js';
import { buildActivity } from '../activity-builder.js';
import type { ActivityInput } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { RuleContext } from '../rule.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, dailySignIns, PLACES, TOR_EXIT, TOR_FEED } from './example-helpers.js';
import { infrequentCountry } from './infrequent-country.js';

describe('detection.infrequent-country', () => {
  ruleExampleSuite(infrequentCountry);

  const T = Date.UTC(2026, 9, 10, 9);
  const ctx = { params: infrequentCountry.params.medium, sensitivity: 'medium', learningMs: 7 * DAY, learning: false, now: T, directory: () => null } as RuleContext<typeof infrequentCountry.params.medium>;
  const signIn = (email: string, time: number): EnrichedActivity => ({
    activity: buildActivity({ action: 'user.login', actor: { email }, time, srcIp: '81.2.69.160', geo: { country: 'GB', city: 'London' } }),
    intel: { ip: '81.2.69.160', version: 4, routable: true, rangeTags: [], rangeLabels: [], anonymizer: null, network: null, threatFeeds: [], geoAccuracyKm: null },
    userKey: email,
  });
  const known = (email: string, time: number) => ({ [`u:${email}`]: { c: { GB: { days: 20, last: Math.floor(time / DAY) } } } });

  it('writes a country many people work from once a day, not once per person', () => {
    const colleagues = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@acme.example`);
    const gb = { users: colleagues, last: T - HOUR };
    // A sixth person of the same day: the organisation already knows the country for today.
    const sixth = infrequentCountry.evaluate(signIn('f@acme.example', T), { ...known('f@acme.example', T), 'c:GB': gb }, ctx);
    expect(sixth).toEqual({});
    // The first activity of the next day moves the country's day and puts its person first.
    const nextDay = infrequentCountry.evaluate(signIn('f@acme.example', T + DAY), { ...known('f@acme.example', T), 'c:GB': gb }, ctx);
    expect(nextDay.state?.['c:GB']).toEqual({ users: ['f@acme.example', ...colleagues.slice(0, 4)], last: T + DAY });
    // While it remembers fewer people, a new person of the same day is remembered.
    const fewer = infrequentCountry.evaluate(signIn('f@acme.example', T), { ...known('f@acme.example', T), 'c:GB': { users: colleagues.slice(0, 2), last: T - HOUR } }, ctx);
    expect(fewer.state?.['c:GB']).toEqual({ users: ['f@acme.example', ...colleagues.slice(0, 2)], last: T });
    expect(fewer.findings ?? []).toEqual([]);
  });
});

/** Edges the documented examples leave out: Ann works from London; each case is one sign-in from elsewhere. */
describe('detection.infrequent-country beyond its examples', () => {
  const HOME = dailySignIns('ann@example.com', 10, PLACES.london);
  const from = (place: ActivityInput, extra: Partial<ActivityInput> = {}): ActivityInput => ({ id: 'abroad', action: 'user.login', actor: { email: 'ann@example.com' }, time: at(10, 11), ...place, ...extra });
  const torLagos = { srcIp: TOR_EXIT, geo: PLACES.lagos.geo };

  it('an interrupted sign-in from abroad (an MFA prompt the attacker could not pass) neither alerts nor makes the country familiar', async () => {
    const prompt = from({ srcIp: '31.14.252.70', geo: { country: 'RO' } }, { id: 'prompt', provider: 'microsoft365', outcome: 'interrupted', outcomeCode: '50074' });
    await expectExample(infrequentCountry, { name: 'prompt', activities: [...HOME, prompt], expect: { alerts: 0 } });
    const then = from({ srcIp: '31.14.252.70', geo: { country: 'RO' } }, { id: 'ro', time: at(10, 12) });
    await expectExample(infrequentCountry, { name: 'then in', activities: [...HOME, prompt, then], expect: { alerts: 1, activityIds: [['ro']] } });
  });

  it("a Tor exit's country is skipped at low and medium (it is the exit node's) and judged at high; a VPN's is skipped, a hosting provider's is not", async () => {
    for (const sensitivity of ['low', 'medium'] as const) {
      await expectExample(infrequentCountry, { name: sensitivity, settings: { sensitivity }, intel: TOR_FEED, activities: [...HOME, from(torLagos)], expect: { alerts: 0 } });
    }
    await expectExample(infrequentCountry, { name: 'high', settings: { sensitivity: 'high' }, intel: TOR_FEED, activities: [...HOME, from(torLagos)], expect: { alerts: 1, activityIds: [['abroad']] } });
    await expectExample(infrequentCountry, { name: 'vpn', activities: [...HOME, from(PLACES.vpnAmsterdam)], expect: { alerts: 0 } });
    await expectExample(infrequentCountry, { name: 'hosting', activities: [...HOME, from(PLACES.hostingRoubaix)], expect: { alerts: 1, explanationContains: 'from FR (Roubaix) at 51.68.1.1' } });
  });

  it("the organisation's own VPN range abroad is never judged, as for every location policy", async () => {
    const intel = { ranges: [{ cidr: '41.220.78.0/24', tag: 'vpn' as const, label: 'Lagos office VPN' }] };
    await expectExample(infrequentCountry, { name: 'vpn range', intel, activities: [...HOME, from(PLACES.lagos)], expect: { alerts: 0 } });
  });

  it('an application acting from abroad, or a country the provider did not write as a code, is nobody travelling', async () => {
    await expectExample(infrequentCountry, { name: 'service', activities: [...HOME, from(PLACES.lagos, { actor: { email: 'ann@example.com', type: 'service' } })], expect: { alerts: 0 } });
    await expectExample(infrequentCountry, { name: 'not a code', activities: [...HOME, from({ srcIp: '41.220.78.31', geo: { country: 'Nigeria' } })], expect: { alerts: 0 } });
  });
});
