import { afterAll, beforeAll, expect, it } from 'vitest';
import zoom from '../src/connectors/zoom/index.js';
import type { RunningZoomSimulator } from '../src/connectors/zoom/simulator/index.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningZoomSimulator>;
/** Zoom alone, synced through the real sync path (30 days back) with detection on every committed page. */
const syncZoom = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> => syncWithDetection<RunningZoomSimulator>(zoom, scenarios, { dialect });
const byPolicy = (a: { policy: string }, b: { policy: string }): number => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0);

describeDialects('Zoom detection scenarios, through the real sync path', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncZoom(dialect, ['admin-role-then-settings-weakened']);
    benign = await syncZoom(dialect, []);
  }, 300_000);

  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
  });

  it('admin role granted then recording and security settings weakened: exactly the privilege escalation and the MFA switch-off', () => {
    const fact = attacked?.sim.scenarios().find((f) => f.id === 'admin-role-then-settings-weakened');
    expect(fact?.alerts).toBeDefined();
    const expected = (fact?.alerts ?? []).map((a) => ({ policy: a.policy, subject: a.subject, evidence: [...a.eventIds].sort() })).sort((a, b) => (a.policy < b.policy ? -1 : 1));
    expect(attacked?.alerts.map(({ policyId, subject, sourceIds }) => ({ policy: policyId, subject, evidence: sourceIds })).sort(byPolicy)).toEqual(expected);
    // Every step of the attack was stored, as the actions the policies read.
    const stored = new Map((attacked?.rows ?? []).map((r) => [r.source_id, r.action]));
    expect(fact?.eventIds.map((id) => stored.get(id))).toEqual(['admin.role_assigned', 'security.policy_changed', 'security.policy_changed', 'security.policy_changed', 'security.policy_changed', 'security.mfa_requirement_disabled']);
    expect(attacked?.alerts.find((a) => a.policyId === 'detection.privilege-escalation')?.explanation).toContain('granted it to themselves');
  });

  it('raises nothing over the 30-day benign history: travel, phones, the corporate VPN, a leaver, routine role grants and settings changes', () => {
    const rows = benign?.rows ?? [];
    // The history is tempting: it holds the routine admin work the attack resembles.
    expect(rows.filter((r) => r.action === 'admin.role_assigned')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'security.policy_changed').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.action === 'user.suspended')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'user.login').length).toBeGreaterThan(300);
    expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
