import type { ScenarioFact } from './simulator.js';

/** How a simulated tenant keeps time, in its `describe()`: the frozen moment, or `live`. */
export function clockMode(tenant: { readonly frozen: boolean; now(): number }, live = 'live: new activity keeps arriving'): string {
  return tenant.frozen ? `frozen at ${new Date(tenant.now()).toISOString()}` : live;
}

/** The `describe()` sentence naming the injected scenarios. */
export function injectedScenarios(facts: readonly ScenarioFact[]): string {
  return `Injected scenarios: ${facts.map((f) => f.id).join(', ') || 'none'}.`;
}

/** Copies of a simulator's scenario facts (their event ids and expected alerts too), for `RunningSimulator.scenarios()`. */
export function copyScenarioFacts(facts: readonly ScenarioFact[]): ScenarioFact[] {
  return facts.map((f) => ({ ...f, eventIds: [...f.eventIds], ...(f.alerts ? { alerts: f.alerts.map((a) => ({ ...a, eventIds: [...a.eventIds] })) } : {}) }));
}
