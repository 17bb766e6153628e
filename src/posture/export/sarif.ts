import type { PostureSeverity } from '../../connectors/sdk/define-check.js';
import type { PostureFindingView, PostureReport } from '../posture-report.js';

const LEVEL: Record<PostureSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const KIND = { pass: 'pass', fail: 'fail', not_applicable: 'notApplicable', error: 'review' } as const;

function result(f: PostureFindingView, ruleIndex: number): Record<string, unknown> {
  const failing = f.status === 'fail';
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: KIND[f.status],
    level: failing ? LEVEL[f.severity] : 'none',
    message: { text: `${f.evidence}${f.expected ? ` Expected: ${f.expected}.` : ''}` },
    locations: [{ logicalLocations: [{ name: f.instanceName, fullyQualifiedName: `${f.provider}/${f.instanceName}`, kind: 'resource' }] }],
    partialFingerprints: { 'parapetFinding/v1': `${f.connectorInstanceId}/${f.checkId}` },
    ...(f.exception && failing
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.exception.reason} (owner ${f.exception.owner}, until ${new Date(f.exception.expiresAt).toISOString().slice(0, 10)})` }] }
      : {}),
    properties: { app: f.provider, connectorInstanceId: f.connectorInstanceId, status: f.status, severity: f.severity, observed: f.observed, expected: f.expected, scoreGain: f.gain, evaluatedAt: new Date(f.evaluatedAt).toISOString() },
  };
}

/**
 * The report as a SARIF 2.1.0 log (one run, tool "Parapet"), for CI pipelines and code-scanning dashboards:
 * one rule per check, one result per finding (`kind` pass / fail / notApplicable, `review` for a check that
 * could not be judged); accepted risks carry an external, accepted suppression.
 */
export function toSarif(report: PostureReport, version: string): Record<string, unknown> {
  const ruleIds = [...new Set(report.findings.map((f) => f.checkId))].sort();
  const first = new Map(ruleIds.map((id) => [id, report.findings.find((f) => f.checkId === id) as PostureFindingView]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Parapet',
            version,
            informationUri: 'https://github.com/parapet-security/parapet',
            rules: ruleIds.map((id) => {
              const f = first.get(id) as PostureFindingView;
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]/g, ''),
                shortDescription: { text: f.title },
                fullDescription: { text: f.rationale },
                help: { text: f.remediation },
                defaultConfiguration: { level: LEVEL[f.severity] },
                properties: { severity: f.severity, app: f.provider, ...(f.reference ? { reference: f.reference } : {}) },
              };
            }),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: new Date(report.generatedAt).toISOString() }],
        results: report.findings.map((f) => result(f, ruleIds.indexOf(f.checkId))),
        properties: { score: report.overall.score, scoreWithoutExceptions: report.overall.scoreWithoutExceptions },
      },
    ],
  };
}
