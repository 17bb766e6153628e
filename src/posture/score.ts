import type { PostureSeverity, PostureStatus } from '../connectors/sdk/define-check.js';

/**
 * How much one check counts in a score, by severity. A critical gap weighs ten low ones; the steps keep a
 * single high finding visible next to many low ones.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<PostureSeverity, number>> = { low: 1, medium: 3, high: 7, critical: 10 };

/** What the score reads of a finding. */
export interface ScoredFinding {
  checkId: string;
  severity: PostureSeverity;
  status: PostureStatus;
  /** An active accepted-risk exception covers this finding. */
  excepted: boolean;
}

export interface PostureScore {
  /**
   * 100 × (weight of passing checks) ÷ (weight of passing + failing checks), rounded to one decimal; failing
   * checks under an active exception are left out of both sums (they are counted apart). null when no check
   * could be judged.
   */
  score: number | null;
  /** The same ratio with excepted failures counted as failures: what the score would be without exceptions. */
  scoreWithoutExceptions: number | null;
  passed: number;
  failed: number;
  excepted: number;
  notApplicable: number;
  errors: number;
  /** Σ weights of passing + non-excepted failing checks: the denominator. */
  weightJudged: number;
  weightPassed: number;
}

function ratio(passed: number, total: number): number | null {
  return total === 0 ? null : Math.round((1000 * passed) / total) / 10;
}

/** The weighted score of a set of findings (one instance, one app or everything). */
export function scoreFindings(findings: readonly ScoredFinding[]): PostureScore {
  let passed = 0, failed = 0, excepted = 0, notApplicable = 0, errors = 0, weightPassed = 0, weightFailed = 0, weightExcepted = 0;
  for (const f of findings) {
    const w = SEVERITY_WEIGHTS[f.severity];
    if (f.status === 'pass') {
      passed++;
      weightPassed += w;
    } else if (f.status === 'fail' && f.excepted) {
      excepted++;
      weightExcepted += w;
    } else if (f.status === 'fail') {
      failed++;
      weightFailed += w;
    } else if (f.status === 'error') errors++;
    else notApplicable++;
  }
  const weightJudged = weightPassed + weightFailed;
  return {
    score: ratio(weightPassed, weightJudged),
    scoreWithoutExceptions: ratio(weightPassed, weightJudged + weightExcepted),
    passed,
    failed,
    excepted,
    notApplicable,
    errors,
    weightJudged,
    weightPassed,
  };
}

/** Points the score of `scope` gains when this failing check passes: 100 × w ÷ (judged weight). */
export function scoreGain(severity: PostureSeverity, scope: PostureScore): number {
  if (scope.weightJudged === 0) return 0;
  return Math.round((1000 * SEVERITY_WEIGHTS[severity]) / scope.weightJudged) / 10;
}
