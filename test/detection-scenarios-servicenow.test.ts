import { afterAll, beforeAll, expect, it } from 'vitest';
import servicenow from '../src/connectors/servicenow/index.js';
import type { RunningServiceNowSimulator } from '../src/connectors/servicenow/simulator/index.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningServiceNowSimulator>;
/** The seeded instance synced through the real sync path (30 days), every built-in policy on. */
const syncServiceNow = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> => syncWithDetection<RunningServiceNowSimulator>(servicenow, scenarios, { dialect });

describeDialects('ServiceNow detection scenarios', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncServiceNow(dialect, ['security-admin-elevation']);
    benign = await syncServiceNow(dialect, []);
  }, 300_000);

  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
  });

  it('security_admin granted to oneself, then used to turn MFA off: exactly the privilege-escalation and mfa-disabled alerts, with their evidence', () => {
    const fact = attacked?.sim.scenarios().find((f) => f.id === 'security-admin-elevation');
    expect(fact?.alerts).toHaveLength(2);
    const rows = attacked?.rows ?? [];
    // The grant and the property change were stored as the actions the policies read.
    expect(rows.filter((r) => fact?.eventIds.includes(r.source_id)).map((r) => [r.action, r.actor_email]).sort()).toEqual([
      ['admin.role_assigned', fact?.user],
      ['admin.setting_changed', fact?.user],
    ]);
    const got = (attacked?.alerts ?? []).map(({ policyId, subject, sourceIds }) => ({ policy: policyId, subject, evidence: sourceIds })).sort((a, b) => a.policy.localeCompare(b.policy));
    const want = (fact?.alerts ?? []).map((a) => ({ policy: a.policy, subject: a.subject, evidence: [...a.eventIds].sort() })).sort((a, b) => a.policy.localeCompare(b.policy));
    expect(got).toEqual(want);
    expect(attacked?.alerts.find((a) => a.policyId === 'detection.privilege-escalation')?.explanation).toContain('security_admin');
  });

  it('raises nothing over the benign history: typos, trips, phones, admins granting roles (catalog_admin included), MFA re-saved on, a lock-out and its undoing, the leaver deactivated', () => {
    const actions = new Set(benign?.rows.map((r) => r.action));
    for (const action of ['user.login', 'user.login_failed', 'admin.role_assigned', 'admin.setting_changed', 'user.locked_out', 'user.updated', 'user.suspended']) expect(actions, action).toContain(action);
    expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
