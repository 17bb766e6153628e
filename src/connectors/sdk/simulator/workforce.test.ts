import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { EU_PLACES, US_PLACES, USER_AGENTS } from './places.js';
import { DEMO_ORGANISATION, workforce, WORKFORCE_SIZE } from './workforce.js';

const domain = DEMO_ORGANISATION.domain;

describe('workforce', () => {
  it('is the same list of people for the same seed and domain', () => {
    expect(workforce({ seed: 7, domain })).toEqual(workforce({ seed: 7, domain }));
  });

  it('differs for another seed, and another domain changes only the e-mails', () => {
    const a = workforce({ seed: 7, domain });
    const b = workforce({ seed: 8, domain });
    expect(b.map((p) => p.email)).not.toEqual(a.map((p) => p.email));
    expect(b.map((p) => [p.userAgent, p.workStartHour, p.activityLevel])).not.toEqual(a.map((p) => [p.userAgent, p.workStartHour, p.activityLevel]));
    const other = workforce({ seed: 7, domain: 'Contoso.example' });
    expect(other.map(({ email: _email, ...rest }) => rest)).toEqual(a.map(({ email: _email, ...rest }) => rest));
    expect(other.map((p) => p.email)).toEqual(a.map((p) => p.email.replace(`@${domain}`, '@contoso.example')));
  });

  it('has 40 people by default: 21 in the us region, then 19 in eu, Alex Morgan first whatever the seed', () => {
    for (const seed of [1, 2, 3, 99]) {
      const people = workforce({ seed, domain });
      expect(people).toHaveLength(WORKFORCE_SIZE);
      expect(people.map((p) => p.index)).toEqual([...people.keys()]);
      expect(people.map((p) => p.region)).toEqual([...Array<string>(21).fill('us'), ...Array<string>(19).fill('eu')]);
      expect(people[0]).toMatchObject({ firstName: 'Alex', lastName: 'Morgan', email: `alex.morgan@${domain}` });
    }
  });

  it('gives everyone a unique lower-case e-mail and a home address of their own place, in their region', () => {
    for (const size of [WORKFORCE_SIZE, 1500]) {
      const people = workforce({ seed: 3, domain, size });
      expect(new Set(people.map((p) => p.email)).size).toBe(size);
      for (const p of people) {
        expect(p.email).toMatch(new RegExp(`^[a-z]+\\.[a-z]+\\d*@${domain.replace(/\./g, '\\.')}$`));
        expect(p.place.ips).toContain(p.ip);
        expect(p.region === 'us' ? US_PLACES : EU_PLACES).toContain(p.place);
        expect(USER_AGENTS).toContain(p.userAgent);
        expect(p.workStartHour).toBeGreaterThanOrEqual(7);
        expect(p.workStartHour).toBeLessThanOrEqual(10);
        expect([8, 9]).toContain(p.workHours);
        expect(p.activityLevel).toBeGreaterThanOrEqual(0.5);
        expect(p.activityLevel).toBeLessThan(1.5);
      }
    }
  });

  it('gives each of the 40 a home address of their own', () => {
    const ips = workforce({ seed: 1, domain }).map((p) => p.ip);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('keeps the same people at the front of a larger workforce, sharing addresses only once a region runs out', () => {
    const core = workforce({ seed: 5, domain });
    const large = workforce({ seed: 5, domain, size: 120 });
    expect(large.slice(0, WORKFORCE_SIZE)).toEqual(core);
    expect(workforce({ seed: 5, domain, size: 10 })).toEqual(core.slice(0, 10));
    expect(large.slice(WORKFORCE_SIZE).map((p) => p.region)).toEqual(Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? 'us' : 'eu')));
    for (const [region, places] of [['us', US_PLACES], ['eu', EU_PLACES]] as const) {
      const addresses = places.reduce((n, p) => n + p.ips.length, 0);
      const homes = large.filter((p) => p.region === region).map((p) => p.ip);
      expect(new Set(homes.slice(0, addresses)).size).toBe(addresses);
      expect(new Set(homes).size).toBe(addresses);
    }
    expect(new Set(large.map((p) => `${p.firstName} ${p.lastName}`)).size).toBe(120);
  });

  it('refuses a size that is not a whole number of people', () => {
    for (const size of [-1, 2.5, Number.NaN]) expect(() => workforce({ seed: 1, domain, size })).toThrow(ConfigError);
  });
});
