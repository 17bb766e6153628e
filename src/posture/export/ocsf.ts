import type { PostureSeverity, PostureStatus } from '../../connectors/sdk/define-check.js';
import type { PostureReport } from '../posture-report.js';

const SEVERITY_ID: Record<PostureSeverity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
/** OCSF compliance status: 1 Pass, 3 Fail, 99 Other (with `status` naming it). */
const COMPLIANCE: Record<PostureStatus, { status_id: number; status: string }> = {
  pass: { status_id: 1, status: 'Pass' },
  fail: { status_id: 3, status: 'Fail' },
  not_applicable: { status_id: 99, status: 'Not applicable' },
  error: { status_id: 99, status: 'Error' },
};

/**
 * Each finding as an OCSF 1.1 Compliance Finding (class 2003, category 2 Findings, activity Create), for SIEMs
 * and security lakes that speak OCSF. An accepted risk is finding status 3 Suppressed.
 */
export function toOcsf(report: PostureReport, version: string): Record<string, unknown>[] {
  return report.findings.map((f) => ({
    class_uid: 2003,
    class_name: 'Compliance Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200301,
    type_name: 'Compliance Finding: Create',
    time: f.evaluatedAt,
    severity_id: SEVERITY_ID[f.severity],
    severity: f.severity[0]!.toUpperCase() + f.severity.slice(1),
    status_id: f.exception && f.status === 'fail' ? 3 : 1,
    status: f.exception && f.status === 'fail' ? 'Suppressed' : 'New',
    message: f.evidence,
    metadata: { version: '1.1.0', product: { name: 'Parapet', vendor_name: 'Parapet', version }, uid: `${f.connectorInstanceId}/${f.checkId}/${f.evaluatedAt}` },
    finding_info: { uid: `${f.connectorInstanceId}/${f.checkId}`, title: f.title, desc: f.rationale, created_time: f.since, modified_time: f.evaluatedAt, types: ['Posture'] },
    compliance: { control: f.checkId, ...COMPLIANCE[f.status], standards: f.reference ? [f.reference] : [], requirements: f.expected ? [f.expected] : [] },
    remediation: { desc: f.remediation },
    resources: [{ uid: f.connectorInstanceId, name: f.instanceName, type: f.appName, labels: [f.provider] }],
    unmapped: { observed: f.observed, expected: f.expected, score_gain: f.gain, details: f.details, ...(f.exception ? { exception: { owner: f.exception.owner, reason: f.exception.reason, expires_at: f.exception.expiresAt } } : {}) },
  }));
}
