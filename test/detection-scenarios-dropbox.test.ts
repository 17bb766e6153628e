import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, type Clock } from '../src/core/clock.js';
import dropbox from '../src/connectors/dropbox/index.js';
import type { RunningDropboxSimulator } from '../src/connectors/dropbox/simulator/index.js';
import { CORPORATE_VPN_IP, TRAVEL_IP } from '../src/connectors/dropbox/simulator/history.js';
import { BURST_LINKS, BURST_SHARES, MASS_DOWNLOADS } from '../src/connectors/dropbox/simulator/scenarios.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

interface Run {
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: RunningDropboxSimulator;
  rows: { source_id: string; action: string; event_type: string; actor_email: string | null; src_ip: string | null; outcome: string }[];
  alerts: { policy: string; subject: string; evidence: string[] }[];
}

/** Syncs the Dropbox simulator's 30 days (attack scenarios or none) through the real sync path, detection after every page. */
async function syncDropbox(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-dropbox-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({ store, registry: registryOf([dropbox]), logger, clock, backfillDays: 30, onCommitted: async (id, activities) => {
      await detection.processCommitted(id, activities);
    },
  });
  const sim = (await dropbox.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as RunningDropboxSimulator;
  await createInstance(store.db, store.secrets, { name: 'dropbox', provider: 'dropbox', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('dropbox');
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  const rows = (await store.db.selectFrom('activities').selectAll().execute()) as unknown as Run['rows'];
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id)))
    .map((a) => ({ policy: a.policyId, subject: a.subject.email ?? a.subject.key, evidence: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort() }))
    .sort((x, y) => `${x.policy} ${x.subject}`.localeCompare(`${y.policy} ${y.subject}`));
  return { store, dir, sim, rows, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('Dropbox: mass download, a burst of external shares and 2-step verification turned off, through sync and detection', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncDropbox(['mass-download', 'external-share-burst', 'two-step-requirement-off']);
    benign = await syncDropbox([]);
  }, 300_000);
  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('raises exactly three alerts: mass download by the litigator (every download as evidence), mass sharing by the compromised account (every link and share), MFA disabled by the Team admin', () => {
    const facts = attacked!.sim.scenarios();
    const download = facts.find((f) => f.id === 'mass-download')!;
    const sharing = facts.find((f) => f.id === 'external-share-burst')!;
    expect(download.eventIds).toHaveLength(MASS_DOWNLOADS);
    expect(sharing.eventIds).toHaveLength(BURST_LINKS + BURST_SHARES);
    const tfa = facts.find((f) => f.id === 'two-step-requirement-off')!;
    expect(attacked!.alerts).toEqual([
      { policy: 'detection.mass-download', subject: 'sofia.wright@northwind-legal.example', evidence: [...download.eventIds].sort() },
      { policy: 'detection.mass-sharing', subject: 'lars.kelly@northwind-legal.example', evidence: [...sharing.eventIds].sort() },
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
    expect(benign!.alerts).toEqual([]);
  });
});
