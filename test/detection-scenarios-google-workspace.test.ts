import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialects } from './helpers/dialects.js';
import docusign from '../src/connectors/docusign/index.js';
import googleWorkspace from '../src/connectors/google-workspace/index.js';
import { SCENARIO_PEOPLE } from '../src/connectors/google-workspace/simulator/index.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { MINUTE } from '../src/core/clock.js';
import type { Store } from '../src/store/db.js';
import type { AppServices } from '../src/app/services.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';
import { tempDir } from './helpers/temp-dir.js';
import { productionServices } from './helpers/production-services.js';

/**
 * Google Workspace as the identity provider: a person suspended in Google who keeps working in DocuSign is
 * a terminated user, through Google (issue 13). Google is connected first, as an organisation would.
 */
describeDialects('terminated user through Google Workspace as the identity provider (Google + DocuSign, one workforce)', (dialect) => {
  const dir = tempDir('parapet-gws-idp-');
  let database: { databaseUrl: string | undefined; drop(): Promise<void> } | undefined;
  let store: Store;
  let services: AppServices | undefined;
  const sims: RunningSimulator<unknown>[] = [];
  let alerts: { policyId: string; subject: string; instances: Set<string>; sources: string[] }[] = [];
  const leaverIndex = SCENARIO_PEOPLE['leaver-still-active'];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const started = Date.now();
    const clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
    services = productionServices({ dataDir: dir.path, databaseUrl: database.databaseUrl, clock });
    store = await services.store();
    const connectors: AnyConnector[] = [googleWorkspace, docusign];
    const sync = await services.sync();
    for (const connector of connectors) {
      // Only Google's leaver scenario: DocuSign's own scenarios would add alerts of their own.
      const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: connector.id === googleWorkspace.id ? ['leaver-still-active'] : [] });
      sims.push(sim);
      // Google is this organisation's identity provider: its verified domain's members anchor the people.
      const config = connector.id === googleWorkspace.id ? { ...(sim.config as object), anchorIdentities: true } : sim.config;
      await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config, now: clock.now() });
      const summary = await sync.syncInstance(connector.id);
      expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
    }
    const rows = await store.db.selectFrom('activities').select(['id', 'source_id', 'connector_instance_id']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const full = await getAlerts(store.db, (await listAlerts(store.db, { limit: 1000 })).map((h) => h.id));
    alerts = full.map((a) => ({
      policyId: a.policyId,
      subject: a.subject.email ?? a.subject.key,
      instances: new Set(a.activityIds.map((id) => byId.get(id)?.connector_instance_id ?? '?')),
      sources: a.activityIds.map((id) => byId.get(id)?.source_id ?? '?'),
    }));
  }, 600_000);

  afterAll(async () => {
    await services?.close();
    for (const sim of sims) await sim.close();
    dir.cleanup();
    await database?.drop();
  });

  it('raises one terminated-user alert about the leaver whose evidence holds their DocuSign activity after the Google suspension', async () => {
    const instances = await store.db.selectFrom('connector_instances').select(['id', 'provider']).execute();
    const docusignInstance = instances.find((i) => i.provider === 'docusign')?.id;
    const googleInstance = instances.find((i) => i.provider === 'google-workspace')?.id;
    const leaver = (sims[0] as unknown as { tenant(): { users: { email: string }[] } }).tenant().users[leaverIndex]?.email;
    const terminated = alerts.filter((a) => a.policyId === 'detection.terminated-user');
    expect(terminated.map((a) => a.subject)).toEqual([leaver]);
    expect([...(terminated[0]?.instances ?? [])].sort()).toEqual([docusignInstance, googleInstance].sort());
    // Nothing else: the benign histories of the two apps raise no alert.
    expect(alerts.filter((a) => a.policyId !== 'detection.terminated-user').map((a) => `${a.policyId} ${a.subject}`)).toEqual([]);
  });
});

/**
 * Google's Reports API lists newest first inside each query, so with pages smaller than a burst the sign-in
 * that ends a password-guessing burst reaches detection before the failures that led to it.
 */
describeDialects('a guessed password that Google lists across several newest-first pages (Reports pages of 4)', (dialect) => {
  let run: DetectionRun<RunningSimulator<unknown>> | undefined;

  beforeAll(async () => {
    // Sign-ins only: the other applications add requests, not sign-ins.
    run = await syncWithDetection(googleWorkspace, ['password-guessed'], { dialect, simulator: { pageSize: 4 }, config: { applications: ['login'] } });
  }, 600_000);

  afterAll(async () => {
    await run?.close();
  });

  it('reached detection newest first, and still raises one alert about the person holding every attempt', () => {
    const fact = run?.sim.scenarios().find((f) => f.id === 'password-guessed');
    const attempts = fact?.eventIds ?? [];
    expect(attempts).toHaveLength(9);
    // The fault is there: the second step (the newest attempt) was stored, and so evaluated, before the first guess.
    const seqOf = (sourceId: string | undefined) => Number(run?.rows.find((r) => r.source_id === sourceId)?.ingest_seq);
    expect(seqOf(attempts.at(-1))).toBeLessThan(seqOf(attempts[0]));
    expect(run?.alerts.map((a) => `${a.policyId} ${a.subject}`)).toEqual([`detection.failed-logons ${fact?.user}`]);
    expect(run?.alerts[0]?.explanation).toContain('then the password was accepted from 194.168.255.77 but the sign-in stopped at 2-Step Verification');
    expect(run?.alerts[0]?.sourceIds).toEqual([...attempts].sort());
  });
});
