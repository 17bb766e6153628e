import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock.js';
import { buildActivity } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { RuleContext } from '../rule.js';
import { ruleExampleSuite } from '../testing/rule-suite.js';
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
