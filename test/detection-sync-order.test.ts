import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/core/clock.js';
import { CORPORATE_VPN } from '../src/connectors/microsoft365/simulator/places.js';
import { connectors as registered } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { DEMO_PROVIDERS } from '../src/demo/demo-config.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { addIpRange } from '../src/store/repos/ip-ranges.js';
import { tempDir } from './helpers/temp-dir.js';
import { productionServices } from './helpers/production-services.js';

/**
 * The demo's apps (one workforce, 30-day backfill) synced one after another, identity provider first, and
 * all at once as `npm start` does: pages of different apps then reach detection interleaved and days apart.
 * Built at 18:00 UTC, where the order used to matter (travel alerts missed side by side, anonymous-IP alerts
 * on habitual VPN users from newest-first backfills).
 */
const BUILT_AT = CONFORMANCE_NOW + 6 * HOUR;

async function alertsOf(sideBySide: boolean): Promise<string[]> {
  const connectors = registered.filter((c) => DEMO_PROVIDERS.includes(c.id));
  const dir = tempDir('parapet-order-');
  const started = Date.now();
  const clock = { now: () => BUILT_AT + MINUTE + (Date.now() - started) };
  const services = productionServices({ dataDir: dir.path, clock });
  const store = await services.store();
  const sims: RunningSimulator<unknown>[] = [];
  try {
    await addIpRange(store.db, { cidr: CORPORATE_VPN.cidr, tag: 'vpn', label: CORPORATE_VPN.label, now: clock.now() });
    const sync = await services.sync();
    const ordered = [...connectors].sort((a, b) => Number(b.identityProvider === true) - Number(a.identityProvider === true));
    for (const connector of ordered) {
      const sim = await connector.simulator.start({ seed: 1, frozenAt: BUILT_AT });
      sims.push(sim);
      await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config: sim.config, now: clock.now() });
    }
    const summaries = sideBySide ? await Promise.all(ordered.map((c) => sync.syncInstance(c.id))) : [];
    if (!sideBySide) for (const c of ordered) summaries.push(await sync.syncInstance(c.id));
    expect(summaries.flatMap((s) => s.streams.filter((st) => !st.ok))).toEqual([]);
    const alerts = await getAlerts(store.db, (await listAlerts(store.db, { limit: 10_000 })).map((h) => h.id));
    return alerts.map((a) => `${a.policyId} ${a.subject.email ?? a.subject.key}`).sort();
  } finally {
    for (const sim of sims) await sim.close();
    await services.close();
    dir.cleanup();
  }
}

describe('detection over the demo apps, whatever order their backfills arrive in', () => {
  let oneByOne: string[] = [];
  let sideBySide: string[] = [];
  beforeAll(async () => {
    oneByOne = await alertsOf(false);
    sideBySide = await alertsOf(true);
  }, 300_000);
  afterAll(() => undefined);

  // Policy and person, each alert counted (a list: two alerts of one policy about one person are two). The
  // evidence is not compared: an impossible-travel alert names the nearest sign-in before the far one, and
  // which app's sign-in from home that is depends on what had arrived.
  it('raises the same alerts synced side by side as one after another', () => {
    expect(oneByOne.length).toBeGreaterThan(40);
    expect(sideBySide).toEqual(oneByOne);
  });
});
