import type { Db } from '../store/db.js';
import { getPolicyRow } from '../store/repos/policies.js';
import type { Rule } from './rule.js';
import { BUILTIN_RULES } from './rules/index.js';

/**
 * What closing one of the policy's alerts as benign (benign true positive or false positive) teaches it: the
 * close dialog (through the API), the CLI and the policy's docs say it in these words.
 */
export function benignVerdictWords(rule: Pick<Rule<unknown, unknown>, 'learnsFromBenign'>): string {
  return rule.learnsFromBenign
    ? `teaches the policy that ${rule.learnsFromBenign}; reopening the alert withdraws the lesson, but for what the policy already learned from it`
    : 'teaches the policy nothing: it alerts on such activity again, whatever the verdict';
}

/**
 * The words for an alert's policy: a built-in policy's own lesson, none for a custom policy (policy files read
 * no benign windows); null when the alert is not a detection policy's (posture, connector health).
 */
export async function benignVerdictFor(db: Db, policyId: string): Promise<string | null> {
  const builtin = BUILTIN_RULES.find((r) => r.id === policyId);
  if (builtin) return benignVerdictWords(builtin);
  return (await getPolicyRow(db, policyId))?.kind === 'custom' ? benignVerdictWords({}) : null;
}
