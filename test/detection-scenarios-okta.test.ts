import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, type Clock } from '../src/core/clock.js';
import docusign from '../src/connectors/docusign/index.js';
import okta from '../src/connectors/okta/index.js';
import type { RunningOktaSimulator } from '../src/connectors/okta/simulator/index.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * Okta as the identity provider of the demo organisation: the admins deactivate a leaver in Okta, and the
 * leaver's DocuSign account (which offboarding missed) keeps working. The terminated-user alert comes
 * through Okta: its evidence is the Okta deactivation and the DocuSign activity after it.
 */
describe('Okta as identity provider: activity in another app by a user deactivated in Okta', () => {
  let store: Store;
  let dir: ReturnType<typeof tempDir>;
  const sims: RunningSimulator<unknown>[] = [];
  let rows: { source_id: string; provider: string; action: string; actor_email: string | null; time: number }[] = [];
  let alerts: { policyId: string; subject: string; explanation: string; sourceIds: string[] }[] = [];
  let oktaSim: RunningOktaSimulator;

  beforeAll(async () => {
    dir = tempDir('parapet-okta-idp-');
    store = await openStore({ dataDir: dir.path });
    const started = Date.now();
    const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
    const logger = pino({ level: 'silent' });
    const detection = await createDetectionEngine({ db: store.db, clock, logger });
    const connectors: AnyConnector[] = [okta, docusign];
    const sync = new SyncService({
      store,
      registry: { get: (id) => connectors.find((c) => c.id === id), list: () => connectors },
      logger,
      clock,
      backfillDays: 30,
      onCommitted: async (instanceId, activities) => {
        await detection.processCommitted(instanceId, activities);
      },
    });
    // No attack scenarios: only the benign histories, in which the leaver's DocuSign account was never closed.
    for (const connector of connectors) {
      const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
      sims.push(sim);
      if (connector.id === 'okta') oktaSim = sim as RunningOktaSimulator;
      await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config: sim.config, now: clock.now() });
      const summary = await sync.syncInstance(connector.id);
      expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
    }
    rows = (await store.db.selectFrom('activities').selectAll().execute()) as unknown as typeof rows;
    const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
    const headers = await listAlerts(store.db, { limit: 10_000 });
    alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
      policyId: a.policyId,
      subject: a.subject.email ?? a.subject.key,
      explanation: a.explanation,
      sourceIds: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort(),
    }));
  }, 600_000);

  afterAll(async () => {
    await store?.close();
    for (const sim of sims) await sim.close();
    dir?.cleanup();
  });

  // KNOWN GAP (noted for the next round): this test relied on Okta's benign history deactivating someone the other
  // apps kept as active. Every simulator now shares one leaver timeline (the benign histories together must raise
  // nothing), so only an Okta attack scenario — a deactivated user still working elsewhere, as Google Workspace's
  // 'leaver-still-active' — can bring it back. Until then the identity-provider path is proven through Entra ID
  // and Google Workspace (test/detection-scenarios-google-workspace.test.ts), not through Okta.
  it.skip('raises exactly one alert: the leaver, with the Okta deactivation and every later DocuSign activity of theirs as evidence', () => {
    const { leaverEmail, leaverDeactivatedAt } = oktaSim.tenant();
    const deactivation = rows.filter((r) => r.provider === 'okta' && r.action === 'user.suspended');
    expect(deactivation).toHaveLength(1);
    const after = rows.filter((r) => r.provider === 'docusign' && r.actor_email === leaverEmail && Number(r.time) > leaverDeactivatedAt && !['user.login_failed', 'user.logout'].includes(r.action));
    // The scenario is only meaningful if the leaver did keep working in DocuSign.
    expect(after.length).toBeGreaterThan(0);
    expect(alerts.map((a) => ({ policy: a.policyId, subject: a.subject, evidence: a.sourceIds }))).toEqual([
      { policy: 'detection.terminated-user', subject: leaverEmail, evidence: [deactivation[0]!.source_id, ...after.map((r) => r.source_id)].sort() },
    ]);
    expect(alerts[0]?.explanation).toContain('their identity at the identity provider (Okta)');
  });
});
