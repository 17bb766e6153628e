import { expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import type { Rule, RuleExample } from '../rule.js';
import { runExample } from '../test-runner.js';

/**
 * The standard test of a policy: every one of its own examples passes through the real engine, and it
 * has at least one example that fires and one that does not.
 */
export function ruleExampleSuite<S, P>(rule: Rule<S, P>): void {
  it(`${rule.id} has examples that fire and examples that do not`, () => {
    expect(rule.examples.some((e) => e.expect.alerts > 0), 'a fire example').toBe(true);
    expect(rule.examples.some((e) => e.expect.alerts === 0), 'a no-fire example').toBe(true);
  });
  for (const example of rule.examples) {
    it(example.name, async () => {
      const outcome = await runExample(rule as unknown as Rule<unknown, unknown>, example);
      expect(outcome.failures).toEqual([]);
    });
  }
}

/**
 * One example of a test's own (an edge the policy's documented examples leave out) through the real engine:
 * it must pass; its alerts are returned for what the example's own checks do not say.
 */
export async function expectExample<S, P>(rule: Rule<S, P>, example: RuleExample): Promise<Alert[]> {
  const outcome = await runExample(rule as unknown as Rule<unknown, unknown>, example);
  expect(outcome.failures).toEqual([]);
  return outcome.alerts;
}
