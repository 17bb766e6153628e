import { describe, expect, it } from 'vitest';
import { org } from './examples.js';
import { salesforcePostureChecks } from './index.js';

const byId = (id: string) => salesforcePostureChecks.find((c) => c.id === id)!;

describe('Salesforce posture checks', () => {
  it('every check passes the well-kept fixture and fails its weakened copy', () => {
    for (const check of salesforcePostureChecks) {
      for (const settings of check.examples!.pass) expect(check.evaluate(settings).status, check.id).toBe('pass');
      for (const settings of check.examples!.fail) expect(check.evaluate(settings).status, check.id).toBe('fail');
    }
  });
  it('says what was read and what to do when Health Check was not collected', () => {
    for (const check of salesforcePostureChecks) {
      const result = check.evaluate({});
      expect(result.status).toBe('not_applicable');
      expect(result.evidence).toContain('View Setup and Configuration');
    }
  });
  it('names the high-risk settings and reports the score as the observed value', () => {
    expect(byId('SF-02').evaluate(org((d) => (d.healthCheck.risks['Timeout value'].riskType = 'HIGH_RISK'))).evidence).toContain('"Timeout value" = 2 hours');
    expect(byId('SF-01').evaluate(org()).observed).toBe(86);
  });
  it('SF-01 wants a score of 80 or more: 80 passes, 79 fails', () => {
    expect(['80', '79'].map((score) => byId('SF-01').evaluate(org((d) => (d.healthCheck.score = score))).status)).toEqual(['pass', 'fail']);
  });
});
