import type { PostureCheck, PostureEvaluation, SettingsSnapshot } from '../connectors/sdk/define-check.js';

/** One check's evaluation with the check's metadata the reports need. */
export interface CheckOutcome extends PostureEvaluation {
  checkId: string;
  expected?: string;
}

/**
 * Runs each check over the snapshot. Checks are meant to be total; one that throws anyway yields an `error`
 * finding naming the exception, so a broken check shows up instead of passing or vanishing.
 */
export function evaluateChecks(checks: readonly PostureCheck[], snapshot: SettingsSnapshot): CheckOutcome[] {
  return checks.map((check) => {
    let evaluation: PostureEvaluation;
    try {
      evaluation = check.evaluate(snapshot);
    } catch (error) {
      evaluation = { status: 'error', evidence: `The check itself failed: ${error instanceof Error ? error.message : String(error)}. Report this as a Parapet defect.` };
    }
    const expected = evaluation.expected ?? check.expected;
    return { ...evaluation, checkId: check.id, ...(expected !== undefined ? { expected } : {}) };
  });
}
