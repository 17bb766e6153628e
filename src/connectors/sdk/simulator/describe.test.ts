import { describe, expect, it } from 'vitest';
import { clockMode, copyScenarioFacts, injectedScenarios } from './describe.js';
import type { ScenarioFact } from './simulator.js';

describe("simulators' describe() and scenarios() helpers", () => {
  it('names the frozen moment or the live mode, and the injected scenarios (or none)', () => {
    expect(clockMode({ frozen: true, now: () => Date.UTC(2026, 0, 2) })).toBe('frozen at 2026-01-02T00:00:00.000Z');
    expect(clockMode({ frozen: false, now: () => 0 })).toBe('live: new activity keeps arriving');
    expect(clockMode({ frozen: false, now: () => 0 }, 'live clock')).toBe('live clock');
    const fact: ScenarioFact = { id: 'impossible-travel', policy: 'detection.impossible-travel', user: 'a@example.com', eventIds: ['e1'], description: 'd' };
    expect(injectedScenarios([fact, { ...fact, id: 'mass-download' }])).toBe('Injected scenarios: impossible-travel, mass-download.');
    expect(injectedScenarios([])).toBe('Injected scenarios: none.');
  });

  it('copies facts with their event ids and expected alerts, so a caller cannot change the simulator’s own', () => {
    const facts: ScenarioFact[] = [
      { id: 'a', policy: 'p', user: null, eventIds: ['e1'], description: 'd' },
      { id: 'b', policy: 'p', user: null, eventIds: ['e2'], description: 'd', alerts: [{ policy: 'p', subject: 's', eventIds: ['e2'] }] },
    ];
    const copies = copyScenarioFacts(facts);
    expect(copies).toEqual(facts);
    expect('alerts' in (copies[0] as ScenarioFact)).toBe(false);
    copies[0]?.eventIds.push('x');
    copies[1]?.alerts?.[0]?.eventIds.push('x');
    expect(facts[0]?.eventIds).toEqual(['e1']);
    expect(facts[1]?.alerts?.[0]?.eventIds).toEqual(['e2']);
  });
});
