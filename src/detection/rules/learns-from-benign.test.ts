import { describe, expect, it } from 'vitest';
import { buildActivity } from '../activity-builder.js';
import { loadNetworkList } from '../enrichment/anonymizer-list.js';
import { Enricher, IntelIndex } from '../enrichment/enricher.js';
import type { Rule } from '../rule.js';
import { BUILTIN_RULES } from './index.js';

/**
 * Whether a policy reads its subjects' benign windows (`benign:` state keys) for any activity of its own
 * examples: what it asks the engine to load is what it can learn from.
 */
function readsBenignWindows(rule: Rule<unknown, unknown>): boolean {
  const enricher = new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });
  for (const example of rule.examples) {
    for (const input of example.activities) {
      const activity = buildActivity(input);
      if (rule.actions && !rule.actions.includes(activity.action)) continue;
      const keys = rule.stateKeys?.(enricher.enrich(activity), { directory: () => null, params: rule.params.medium }) ?? [];
      if (keys.some((k) => k.startsWith('benign:'))) return true;
    }
  }
  return false;
}

describe('what a benign verdict teaches each built-in policy', () => {
  it('is stated by exactly the policies that read benign windows, so the close dialog and the docs never promise a lesson a policy does not learn, nor hide one it does', () => {
    const reading = BUILTIN_RULES.filter((r) => readsBenignWindows(r as Rule<unknown, unknown>)).map((r) => r.id);
    const stating = BUILTIN_RULES.filter((r) => r.learnsFromBenign).map((r) => r.id);
    expect(stating).toEqual(reading);
    // The volume, location and change policies the baselines tests dismiss alerts of (src/detection/baselines.test.ts).
    expect(reading.length).toBeGreaterThanOrEqual(10);
  });
});
