import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import googleWorkspace from '../src/connectors/google-workspace/index.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import okta from '../src/connectors/okta/index.js';
import type { OktaConfig } from '../src/connectors/okta/config.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { DEMO_ORGANISATION } from '../src/connectors/sdk/simulator/workforce.js';
import { MINUTE } from '../src/core/clock.js';
import { openStore, type Store } from '../src/store/db.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { describeDialects, useTestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';

interface Inventory {
  /** Provider -> instance id. */
  instances: Map<string, string>;
  /** Every identity with accounts in Okta or Google and in Microsoft 365: its anchor's instance. */
  anchors: (string | null)[];
  /** Okta and Google accounts flagged as anchors. */
  otherAnchors: number;
  /** What the sync said about anchor conflicts. */
  conflicts: string[];
}

/**
 * The demo organisation's three identity providers that serve its domain: the Microsoft 365 tenant verifies
 * northwind-legal.example (Graph `/domains`) and anchors the people's identities; the demo's Okta connection
 * claims no domain and its Google Workspace connection leaves anchoring to Microsoft 365 (the Google tenant
 * verifies the domain too), so their accounts link by e-mail and anchor nothing — whichever connects first.
 */
describeDialects('demo identity anchors: Microsoft 365 owns the workforce domain, Okta and Google Workspace are linked identity providers', (dialect) => {
  const database = useTestDatabase(dialect);
  const opened: { store: Store; dir: ReturnType<typeof tempDir>; sims: RunningSimulator<unknown>[] }[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.store.close();
      for (const sim of o.sims) await sim.close();
      o.dir.cleanup();
    }
  });

  async function inventory(order: readonly AnyConnector[], oktaConfig?: (config: OktaConfig, domain: string) => OktaConfig): Promise<Inventory> {
    const others = order.filter((c) => c.id !== microsoft365.id).map((c) => c.id);
    const dir = tempDir('parapet-anchors-');
    const store = await openStore({ dataDir: dir.path, databaseUrl: await database.another() });
    const sims: RunningSimulator<unknown>[] = [];
    opened.push({ store, dir, sims });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const clock = { now: () => CONFORMANCE_NOW + MINUTE };
    const sync = new SyncService({ store, registry: registryOf(order), logger, clock, backfillDays: 7 });
    const instances = new Map<string, string>();
    for (const connector of order) {
      const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
      sims.push(sim);
      const config = connector.id === okta.id && oktaConfig ? oktaConfig(sim.config as OktaConfig, DEMO_ORGANISATION.domain) : sim.config;
      instances.set(connector.id, (await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config, now: clock.now() })).id);
      const summary = await sync.syncInstance(connector.id, { kinds: ['snapshot'] });
      expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
    }
    const accounts = await store.db.selectFrom('accounts').select(['connector_instance_id', 'identity_id', 'identity_anchor']).execute();
    const otherInstances = new Set(others.map((id) => instances.get(id)));
    const inBoth = [...new Set(accounts.filter((a) => otherInstances.has(a.connector_instance_id)).map((a) => a.identity_id))].filter(
      (id) => id !== null && accounts.some((a) => a.identity_id === id && a.connector_instance_id === instances.get(microsoft365.id)),
    ) as string[];
    const identities = await store.db.selectFrom('identities').select(['id', 'idp_instance_id']).where('id', 'in', inBoth.length ? inBoth : ['-']).execute();
    return {
      instances,
      anchors: identities.map((i) => i.idp_instance_id),
      otherAnchors: accounts.filter((a) => otherInstances.has(a.connector_instance_id) && a.identity_anchor === 1).length,
      conflicts: lines.filter((l) => l.includes('anchored to an account of another identity-provider connection')),
    };
  }

  for (const order of [[microsoft365, okta, googleWorkspace], [okta, googleWorkspace, microsoft365], [googleWorkspace, microsoft365, okta]] as const) {
    it(`anchors every shared person at Microsoft 365, with no conflict, when ${order.map((c) => c.id).join(', then ')} connect`, async () => {
      const inv = await inventory(order);
      expect(inv.anchors.length).toBeGreaterThanOrEqual(30);
      expect(new Set(inv.anchors)).toEqual(new Set([inv.instances.get(microsoft365.id)]));
      expect(inv.otherAnchors).toBe(0);
      expect(inv.conflicts).toEqual([]);
    }, 180_000);
  }

  it('an Okta connection that also claims the domain is refused as anchor and reported, never silently re-anchored', async () => {
    const inv = await inventory([microsoft365, okta], (config, domain) => ({ ...config, domains: [domain] }));
    expect(new Set(inv.anchors)).toEqual(new Set([inv.instances.get(microsoft365.id)]));
    expect(inv.conflicts.length).toBeGreaterThan(0);
  }, 120_000);
});
