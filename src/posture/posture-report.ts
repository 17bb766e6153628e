import type { PostureCheck, PostureSeverity, PostureStatus } from '../connectors/sdk/define-check.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import type { ConnectorInstance } from '../store/repos/connector-instances.js';
import type { PostureException, StoredFinding } from '../store/repos/posture.js';
import { scoreFindings, scoreGain, type PostureScore } from './score.js';

/** A stored finding with its check's metadata and exception, ready to show. */
export interface PostureFindingView {
  connectorInstanceId: string;
  instanceName: string;
  provider: string;
  appName: string;
  checkId: string;
  title: string;
  severity: PostureSeverity;
  status: PostureStatus;
  evidence: string;
  expected: string | null;
  observed: number | null;
  details: Record<string, unknown>;
  rationale: string;
  remediation: string;
  reference: string | null;
  /** Why the connector cannot read this check's setting (reported as not applicable on every run), else null. */
  notEvaluable: string | null;
  since: number;
  evaluatedAt: number;
  /** The active accepted-risk exception, if any. */
  exception: PostureException | null;
  /** Points the report's overall score gains when this failing check is fixed (0 unless failing and not excepted). */
  gain: number;
}

export interface PostureReport {
  generatedAt: number;
  overall: PostureScore;
  apps: { provider: string; appName: string; score: PostureScore }[];
  instances: { id: string; name: string; provider: string; appName: string; evaluatedAt: number | null; score: PostureScore }[];
  /** Every finding; failing (not excepted) ones first, by gain, then by check id. */
  findings: PostureFindingView[];
  /** Active and expired (not withdrawn) exceptions of the instances shown. */
  exceptions: (PostureException & { expired: boolean })[];
}

export interface ReportInput {
  instances: readonly ConnectorInstance[];
  findings: readonly StoredFinding[];
  exceptions: readonly PostureException[];
  connector(provider: string): AnyConnector | undefined;
  now: number;
}

const RANK: Record<PostureStatus, number> = { fail: 0, error: 1, pass: 2, not_applicable: 3 };

/** Builds the report from stored findings: scores per instance, per app and overall, and the gain of each fix. */
export function buildPostureReport(input: ReportInput): PostureReport {
  const active = new Map<string, PostureException>();
  for (const e of input.exceptions) if (e.expiresAt > input.now) active.set(`${e.connectorInstanceId}|${e.checkId}`, e);
  const byId = new Map(input.instances.map((i) => [i.id, i]));
  const views: PostureFindingView[] = [];
  for (const f of input.findings) {
    const instance = byId.get(f.connectorInstanceId);
    if (!instance) continue;
    const connector = input.connector(instance.provider);
    const check: PostureCheck | undefined = connector?.postureChecks?.find((c) => c.id === f.checkId);
    if (!check) continue;
    views.push({
      connectorInstanceId: instance.id,
      instanceName: instance.name,
      provider: instance.provider,
      appName: connector?.displayName ?? instance.provider,
      checkId: check.id,
      title: check.title,
      severity: check.severity,
      status: f.status,
      evidence: f.evidence,
      expected: f.expected,
      observed: f.observed,
      details: f.details,
      rationale: check.rationale,
      remediation: check.remediation,
      reference: check.reference ?? null,
      notEvaluable: check.notEvaluable ?? null,
      since: f.since,
      evaluatedAt: f.evaluatedAt,
      exception: active.get(`${instance.id}|${check.id}`) ?? null,
      gain: 0,
    });
  }
  const scored = (list: readonly PostureFindingView[]) => scoreFindings(list.map((v) => ({ checkId: v.checkId, severity: v.severity, status: v.status, excepted: v.exception !== null })));
  const overall = scored(views);
  for (const v of views) if (v.status === 'fail' && !v.exception) v.gain = scoreGain(v.severity, overall);
  views.sort((a, b) => {
    const ea = a.status === 'fail' && a.exception ? 0.5 : RANK[a.status];
    const eb = b.status === 'fail' && b.exception ? 0.5 : RANK[b.status];
    return ea - eb || b.gain - a.gain || a.checkId.localeCompare(b.checkId) || a.instanceName.localeCompare(b.instanceName);
  });
  const providers = [...new Set(views.map((v) => v.provider))].sort();
  const instanceIds = new Set(views.map((v) => v.connectorInstanceId));
  return {
    generatedAt: input.now,
    overall,
    apps: providers.map((provider) => {
      const of = views.filter((v) => v.provider === provider);
      return { provider, appName: of[0]?.appName ?? provider, score: scored(of) };
    }),
    instances: input.instances
      .filter((i) => instanceIds.has(i.id))
      .map((i) => {
        const of = views.filter((v) => v.connectorInstanceId === i.id);
        return { id: i.id, name: i.name, provider: i.provider, appName: of[0]?.appName ?? i.provider, evaluatedAt: of.length ? Math.max(...of.map((v) => v.evaluatedAt)) : null, score: scored(of) };
      }),
    findings: views,
    exceptions: input.exceptions.filter((e) => instanceIds.has(e.connectorInstanceId)).map((e) => ({ ...e, expired: e.expiresAt <= input.now })),
  };
}
