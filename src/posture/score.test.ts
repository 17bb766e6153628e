import { describe, expect, it } from 'vitest';
import { registry } from '../connectors/registry.js';
import type { ConnectorInstance } from '../store/repos/connector-instances.js';
import type { StoredFinding } from '../store/repos/posture.js';
import { buildPostureReport } from './posture-report.js';
import { scoreFindings, scoreGain } from './score.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('the posture score (docs/posture.md: weights low 1, medium 3, high 7, critical 10)', () => {
  it('is 100 × passing weight ÷ judged weight; excepted failures count apart; not applicable and errors are left out', () => {
    const score = scoreFindings([
      { checkId: 'A', severity: 'high', status: 'pass', excepted: false },
      { checkId: 'B', severity: 'medium', status: 'fail', excepted: false },
      { checkId: 'C', severity: 'low', status: 'fail', excepted: true },
      { checkId: 'D', severity: 'critical', status: 'not_applicable', excepted: false },
      { checkId: 'E', severity: 'critical', status: 'error', excepted: false },
    ]);
    expect(score).toEqual({ score: 70, scoreWithoutExceptions: 63.6, passed: 1, failed: 1, excepted: 1, notApplicable: 1, errors: 1, weightJudged: 10, weightPassed: 7 });
    expect([scoreGain('medium', score), scoreGain('critical', score)]).toEqual([30, 100]);
    expect(scoreFindings([{ checkId: 'D', severity: 'high', status: 'not_applicable', excepted: false }]).score).toBeNull();
  });

  it('is given per instance, per app and overall', () => {
    const instance = (id: string, provider: string): ConnectorInstance => ({ id, name: id, provider, status: 'connected', statusReason: null, createdAt: NOW, updatedAt: NOW, lastSyncAt: NOW, lastSuccessAt: NOW, budget: null, streams: null });
    const finding = (connectorInstanceId: string, checkId: string, status: StoredFinding['status']): StoredFinding => ({ connectorInstanceId, checkId, status, evidence: `${checkId} ${status}.`, expected: null, observed: null, details: {}, since: NOW, evaluatedAt: NOW });
    // DS-SESS-1 and DS-PW-1 are high (7), DS-SESS-2 medium (3), M365-01 high (7).
    const report = buildPostureReport({
      instances: [instance('ds-eu', 'docusign'), instance('ds-us', 'docusign'), instance('m365', 'microsoft365')],
      findings: [
        finding('ds-eu', 'DS-SESS-1', 'pass'), finding('ds-eu', 'DS-SESS-2', 'fail'),
        finding('ds-us', 'DS-SESS-1', 'fail'), finding('ds-us', 'DS-PW-1', 'fail'),
        finding('m365', 'M365-01', 'pass'),
      ],
      exceptions: [],
      connector: (p) => registry.get(p),
      now: NOW,
    });
    expect(report.instances.map((i) => [i.name, i.score.score])).toEqual([['ds-eu', 70], ['ds-us', 0], ['m365', 100]]);
    expect(report.apps.map((a) => [a.provider, a.score.score])).toEqual([['docusign', 29.2], ['microsoft365', 100]]);
    expect(report.overall.score).toBe(45.2);
    // Fixing a high failure gains 100 × 7 ÷ 31 overall; the medium one 100 × 3 ÷ 31.
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => [f.instanceName, f.checkId, f.gain])).toEqual([['ds-us', 'DS-PW-1', 22.6], ['ds-us', 'DS-SESS-1', 22.6], ['ds-eu', 'DS-SESS-2', 9.7]]);
  });
});
