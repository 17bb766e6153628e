import { afterAll, beforeAll, expect, it } from 'vitest';
import salesforce from '../src/connectors/salesforce/index.js';
import type { RunningSalesforceSimulator } from '../src/connectors/salesforce/simulator/index.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningSalesforceSimulator>;
const syncSalesforce = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> => syncWithDetection<RunningSalesforceSimulator>(salesforce, scenarios, { dialect });

describeDialects('Salesforce detection scenarios, synced through the real sync path', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncSalesforce(dialect, ['mass-report-export', 'connected-app-full-scope']);
    benign = await syncSalesforce(dialect, []);
  }, 600_000);

  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
  });

  it('raises exactly the expected alerts: a mass report export and a connected app granted full + refresh_token', () => {
    const facts = attacked!.sim.scenarios();
    const exportFact = facts.find((f) => f.id === 'mass-report-export')!;
    const appFact = facts.find((f) => f.id === 'connected-app-full-scope')!;
    // Every exported report is stored, as a file download by the exporting user.
    const exports = attacked!.rows.filter((r) => exportFact.eventIds.includes(r.source_id));
    expect(exports).toHaveLength(exportFact.eventIds.length);
    expect(new Set(exports.map((r) => `${r.action} ${r.actor_email}`))).toEqual(new Set([`file.downloaded ${exportFact.user}`]));
    const got = attacked!.alerts.map((a) => ({ policy: a.policyId, subject: a.subject })).sort((a, b) => a.policy.localeCompare(b.policy));
    expect(got).toEqual([
      { policy: 'detection.mass-download', subject: exportFact.user },
      { policy: 'detection.oauth-high-privilege', subject: appFact.user },
    ]);
    const mass = attacked!.alerts.find((a) => a.policyId === 'detection.mass-download')!;
    // The evidence is the whole burst: every export of the evening, nothing of the user's ordinary days.
    expect(mass.sourceIds).toEqual([...exportFact.eventIds].sort());
    expect(mass.explanation).toContain('downloaded or synced');
    const oauth = attacked!.alerts.find((a) => a.policyId === 'detection.oauth-high-privilege')!;
    expect(oauth.sourceIds).toEqual(appFact.eventIds);
    expect(oauth.explanation).toContain('full, refresh_token');
  });

  it('raises nothing over the tempting benign history: travel, the VPN, typos, phones, weekly exports, routine admin work and an api + refresh_token app', () => {
    const actions = new Set(benign!.rows.map((r) => r.action));
    for (const action of ['user.login', 'user.login_failed', 'user.logout', 'file.downloaded', 'admin.role_assigned', 'user.suspended', 'oauth.consent_granted']) expect(actions, action).toContain(action);
    expect(benign!.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
