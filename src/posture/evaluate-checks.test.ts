import { describe, expect, it } from 'vitest';
import { defineCheck } from '../connectors/sdk/define-check.js';
import { evaluateChecks } from './evaluate-checks.js';

const base = { title: 'A check whose code has a defect', severity: 'high', rationale: 'r', remediation: 'm', expected: 'x ≤ 1' } as const;

describe('evaluateChecks', () => {
  it('a check that throws is an error finding naming the exception, never a pass, and the others are still judged', () => {
    const broken = defineCheck({ ...base, id: 'T-BROKEN', evaluate: () => { throw new TypeError('settings.x is undefined'); } });
    const fine = defineCheck({ ...base, id: 'T-FINE', evaluate: () => ({ status: 'fail', evidence: 'x is 2.', observed: 2 }) });
    expect(evaluateChecks([broken, fine], {})).toEqual([
      { checkId: 'T-BROKEN', status: 'error', evidence: 'The check itself failed: settings.x is undefined. Report this as a Parapet defect.', expected: 'x ≤ 1' },
      { checkId: 'T-FINE', status: 'fail', evidence: 'x is 2.', observed: 2, expected: 'x ≤ 1' },
    ]);
  });
});
