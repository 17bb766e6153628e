import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { PostureCheck } from '../../connectors/sdk/define-check.js';
import { registry } from '../../connectors/registry.js';
import type { ConnectorInstance } from '../../store/repos/connector-instances.js';
import type { StoredFinding } from '../../store/repos/posture.js';
import { buildPostureReport, type PostureReport } from '../posture-report.js';
import { toHtml } from './html.js';
import { toOcsf } from './ocsf.js';
import { toSarif } from './sarif.js';

// CommonJS modules: their default export is the module object under NodeNext.
const Ajv = AjvDraft04.default;
const addFormats = formats.default;
// The OASIS SARIF 2.1.0 (rtm.5) JSON schema as SchemaStore publishes it, vendored: test/fixtures/README.md.
const schema = JSON.parse(readFileSync(new URL('../../../test/fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const NOW = Date.parse('2026-12-02T12:00:00Z');

/** A report over every registered check: each example evaluated, so every status and an exception appear. */
function report(): PostureReport {
  const instances: ConnectorInstance[] = registry.list().filter((c) => c.postureChecks?.length).map((c) => ({ id: `i-${c.id}`, name: `${c.id}-prod`, provider: c.id, status: 'connected', statusReason: null, createdAt: NOW, updatedAt: NOW, lastSyncAt: NOW, lastSuccessAt: NOW, budget: null, streams: null }));
  const findings: StoredFinding[] = instances.flatMap((i) =>
    (registry.get(i.provider)?.postureChecks ?? []).map((check: PostureCheck, n) => {
      const snapshot = !check.examples ? {} : n % 3 === 0 ? check.examples.pass[0]! : n % 3 === 1 ? check.examples.fail[0]! : {};
      const r = check.evaluate(snapshot);
      return { connectorInstanceId: i.id, checkId: check.id, status: n === 5 ? 'error' : r.status, evidence: r.evidence, expected: check.expected ?? null, observed: r.observed ?? null, details: {}, since: NOW, evaluatedAt: NOW };
    }),
  );
  const excepted = findings.find((f) => f.status === 'fail')!;
  return buildPostureReport({
    instances,
    findings,
    exceptions: [{ id: 'e1', connectorInstanceId: excepted.connectorInstanceId, checkId: excepted.checkId, owner: 'ana@example.com', reason: 'Kiosk <signing> stations', expiresAt: NOW + 86_400_000, acceptedObserved: null, acceptedEvidence: excepted.evidence, createdAt: NOW, createdBy: null, expiryAlertedAt: null, revokedAt: null }],
    connector: (p) => registry.get(p),
    now: NOW,
  });
}

describe('posture exports', () => {
  it('SARIF validates against the SARIF 2.1.0 JSON schema, with every status and an accepted suppression', () => {
    const sarif = toSarif(report(), '0.1.0');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid under the u flag;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const results = (sarif.runs as { results: { kind: string; suppressions?: unknown[] }[] }[])[0]!.results;
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(['pass', 'fail', 'notApplicable', 'review']));
    expect(results.filter((r) => r.suppressions).length).toBe(1);
    // The validator is not a rubber stamp: a result without its message is refused.
    const broken = structuredClone(sarif) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!.message;
    expect(validate(broken)).toBe(false);
  });

  it('OCSF: one Compliance Finding (class 2003) per finding, accepted risk as Suppressed', () => {
    const r = report();
    const events = toOcsf(r, '0.1.0');
    expect(events).toHaveLength(r.findings.length);
    for (const e of events) expect(e).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301, activity_id: 1, metadata: { version: '1.1.0' } });
    expect(events.filter((e) => e.status === 'Suppressed')).toHaveLength(1);
    expect(new Set(events.map((e) => (e.compliance as { status: string }).status))).toEqual(new Set(['Pass', 'Fail', 'Not applicable', 'Error']));
  });

  it('HTML: one page with the scores, failing checks by gain and their remediation, escaped', () => {
    const r = report();
    const html = toHtml(r);
    expect(html).toContain(`<span class="big">${r.overall.score}</span>`);
    const failing = r.findings.filter((f) => f.status === 'fail' && !f.exception);
    expect(failing.length).toBeGreaterThan(2);
    const positions = failing.map((f) => html.indexOf(`<b>${f.checkId}</b>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(html).toContain('Kiosk &lt;signing&gt; stations');
    expect(html).not.toContain('<signing>');
    expect(html).toContain('@page');
    // Baseline items the connector cannot read are listed as not evaluated, with the reason, not left out.
    const notEvaluated = html.slice(html.indexOf('<h2>Not evaluated'));
    expect(notEvaluated).toContain('<b>M365-19</b>');
    expect(notEvaluated).toContain('Not evaluated: remote domains (Get-RemoteDomain AutoForwardEnabled)');
  });
});
