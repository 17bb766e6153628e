import { afterAll, beforeAll, expect, it } from 'vitest';
import dropbox from '../src/connectors/dropbox/index.js';
import type { RunningDropboxSimulator } from '../src/connectors/dropbox/simulator/index.js';
import { CORPORATE_VPN_IP, TRAVEL_IP } from '../src/connectors/sdk/simulator/workforce-routine.js';
import { BURST_LINKS, BURST_SHARES, MASS_DOWNLOADS } from '../src/connectors/dropbox/simulator/scenarios.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningDropboxSimulator>;
/** Syncs the Dropbox simulator's 30 days (attack scenarios or none) through the real sync path, detection after every page. */
const syncDropbox = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> => syncWithDetection<RunningDropboxSimulator>(dropbox, scenarios, { dialect });

/** The alerts as policy, subject and evidence, sorted by policy then subject. */
const alertsOf = (run: Run): { policy: string; subject: string; evidence: string[] }[] =>
  run.alerts.map((a) => ({ policy: a.policyId, subject: a.subject, evidence: a.sourceIds })).sort((x, y) => `${x.policy} ${x.subject}`.localeCompare(`${y.policy} ${y.subject}`));

describeDialects('Dropbox: mass download, a burst of external shares and 2-step verification turned off, through sync and detection', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncDropbox(dialect, ['mass-download', 'external-share-burst', 'two-step-requirement-off']);
    benign = await syncDropbox(dialect, []);
  }, 300_000);
  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
  });

  it('raises exactly three alerts: mass download by the litigator (every download as evidence), mass external sharing by the compromised account (every public link and outside share), MFA disabled by the Team admin', () => {
    const facts = attacked!.sim.scenarios();
    const download = facts.find((f) => f.id === 'mass-download')!;
    const sharing = facts.find((f) => f.id === 'external-share-burst')!;
    expect(download.eventIds).toHaveLength(MASS_DOWNLOADS);
    expect(sharing.eventIds).toHaveLength(BURST_LINKS + BURST_SHARES);
    const tfa = facts.find((f) => f.id === 'two-step-requirement-off')!;
    expect(alertsOf(attacked!)).toEqual([
      { policy: 'detection.mass-download', subject: 'sofia.wright@northwind-legal.example', evidence: [...download.eventIds].sort() },
      { policy: 'detection.mass-external-sharing', subject: 'lars.kelly@northwind-legal.example', evidence: [...sharing.eventIds].sort() },
      { policy: 'detection.mfa-disabled', subject: 'alex.morgan@northwind-legal.example', evidence: tfa.eventIds },
    ]);
  });

  it('stores the burst as Dropbox logged it: downloads from the desktop client, public links and shares to an outside address', () => {
    const byId = new Map(attacked!.rows.map((r) => [r.source_id, r]));
    const sharing = attacked!.sim.scenarios().find((f) => f.id === 'external-share-burst')!;
    const actions = sharing.eventIds.map((id) => byId.get(id)?.action);
    expect(actions.filter((a) => a === 'file.public_link_created')).toHaveLength(BURST_LINKS);
    expect(actions.filter((a) => a === 'file.shared')).toHaveLength(BURST_SHARES);
  });

  it('the tempting benign month raises nothing: travel, the corporate VPN, typos, phones, shares with outside counsel, an admin appointed, the leaver suspended', () => {
    const rows = benign!.rows;
    // The temptations are there (so this test fails if the history loses them)...
    expect(rows.filter((r) => r.src_ip === TRAVEL_IP && r.action === 'user.login').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.src_ip === CORPORATE_VPN_IP && r.action === 'user.login').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.action === 'user.login_failed').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.event_type === 'shared_content_add_member').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.action === 'file.public_link_created').length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.action === 'admin.role_assigned')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'user.suspended')).toHaveLength(1);
    // ...and nothing fires.
    expect(alertsOf(benign!)).toEqual([]);
  });
});
