import { describe, expect, it } from 'vitest';
import { POSTURE_SEVERITIES, POSTURE_STATUSES } from '../connectors/sdk/define-check.js';
import { registry } from '../connectors/registry.js';

/** Every check of every registered connector, enrolled from the registry: a new check is tested at once. */
const enrolled = registry.list().flatMap((connector) => (connector.postureChecks ?? []).map((check) => ({ provider: connector.id, check })));

describe('every registered posture check', () => {
  it('has a unique id across all connectors', () => {
    const ids = enrolled.map((e) => e.check.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(enrolled.length).toBeGreaterThan(0);
  });

  describe.each(enrolled.map((e) => [`${e.provider} ${e.check.id}`, e.check] as const))('%s', (_name, check) => {
    it('documents itself: title, severity, rationale, remediation, reference', () => {
      expect(check.title.length).toBeGreaterThan(10);
      expect(POSTURE_SEVERITIES).toContain(check.severity);
      expect(check.rationale.length).toBeGreaterThan(40);
      expect(check.remediation.length).toBeGreaterThan(40);
      expect(check.reference ?? '', 'a baseline reference').not.toBe('');
    });

    // A check the connector cannot read has no examples to judge; the others must have both kinds.
    if (check.notEvaluable !== undefined) {
      it('a check the connector cannot read says so on every run, never judges', () => {
        expect(check.notEvaluable!.length).toBeGreaterThan(40);
        for (const snapshot of [{}, { anything: { value: 'x' } }]) {
          const result = check.evaluate(snapshot);
          expect(result.status).toBe('not_applicable');
          expect(result.evidence).toMatch(/^Not evaluated: .+\.$/);
        }
      });
    } else {
      it('passes on each passing example and fails on each failing one', () => {
        expect(check.examples, 'examples with passing and failing settings').toBeDefined();
        const { pass, fail } = check.examples!;
        expect(pass.length).toBeGreaterThan(0);
        expect(fail.length).toBeGreaterThan(0);
        for (const [i, snapshot] of pass.entries()) expect(check.evaluate(snapshot), `pass example ${i}`).toMatchObject({ status: 'pass' });
        for (const [i, snapshot] of fail.entries()) {
          const result = check.evaluate(snapshot);
          expect(result.status, `fail example ${i}: ${result.evidence}`).toBe('fail');
          expect(result.evidence).toMatch(/\.$/);
        }
      });
    }

    it('is total: nothing collected and junk documents give a status, never a throw or a pass', () => {
      const empty = check.evaluate({});
      expect(['not_applicable', 'error']).toContain(empty.status);
      for (const junk of [{ value: 'x' }, { value: [1, null] }, { value: null }]) {
        const keys = new Set((check.examples?.pass ?? []).flatMap((s) => Object.keys(s)));
        const snapshot = Object.fromEntries([...keys].map((k) => [k, junk]));
        const result = check.evaluate(snapshot);
        expect(POSTURE_STATUSES).toContain(result.status);
        expect(result.status, `${JSON.stringify(junk)}: ${result.evidence}`).not.toBe('pass');
      }
    });
  });
});
