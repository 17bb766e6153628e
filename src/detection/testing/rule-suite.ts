import { expect, it } from 'vitest';
import type { Rule } from '../rule.js';
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
