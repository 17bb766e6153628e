import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type AppServices } from '../src/app/services.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../src/connectors/sdk/rate-limit-governor.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { MINUTE, manualClock } from '../src/core/clock.js';
import { scheduleDemoPostureDrift } from '../src/demo/posture-scenario.js';
import { startDemoWorkspace, type DemoWorkspace } from '../src/demo/workspace.js';
import { POSTURE_POLICIES } from '../src/posture/posture-alert.js';
import { listAlerts } from '../src/store/repos/alerts.js';
import { Scheduler } from '../src/sync/scheduler.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * What `parapet serve --demo` wires (src/cli/commands/serve.ts): the scheduler syncs the demo workspace, and once
 * DocuSign and Microsoft 365 had their first settings sync the drift scenario weakens their settings and has the
 * scheduler read them again, so the portal shows drift alerts. Real simulators over HTTP, the real sync service.
 */
describe('serve --demo: the posture-drift scenario after the first settings sync', () => {
  const dir = tempDir('parapet-demo-drift-');
  const logger = pino({ level: 'silent' });
  let services: AppServices;
  let workspace: DemoWorkspace;
  // The simulators' time stands at CONFORMANCE_NOW and Parapet's a minute later; only the scheduler's ticks are real timers.
  const clock = manualClock(CONFORMANCE_NOW + MINUTE);

  beforeAll(async () => {
    services = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logger, clock });
    services.useGovernors((_instanceId, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)));
    // One day of history is enough here: the scenario is about settings.
    services.overrideConfig({ backfillDays: 1 });
    const all = await services.registry();
    const registry = registryOf(all.list().filter((c) => ['docusign', 'microsoft365'].includes(c.id)));
    workspace = await startDemoWorkspace({ store: await services.store(), registry, clock, logger, seed: 1, frozenAt: CONFORMANCE_NOW });
  }, 60_000);
  afterAll(async () => {
    await workspace?.close();
    await services?.close();
    dir.cleanup();
  });

  it('raises exactly the drift alerts of the scenario, none before it', async () => {
    const db = (await services.store()).db;
    const sync = await services.sync();
    const drifts = async () => (await listAlerts(db, { policyId: POSTURE_POLICIES.drift.id })).map((a) => a.subject.key.split('@')[0] ?? '').sort();
    const beforeScenario: string[][] = [];
    const resyncs: string[] = [];
    const scheduler: Scheduler = new Scheduler({
      db,
      sync,
      clock,
      logger,
      pollMs: 3_600_000,
      snapshotMs: 3_600_000,
      tickMs: 200,
      onSynced: (summary) => drift.onSynced(summary),
    });
    const drift = scheduleDemoPostureDrift({
      connections: workspace.connections,
      connectorFor: (instance) => sync.connectorFor(instance),
      resync: async (instanceId) => {
        // Called after a simulator weakened its settings and before they are read again: what was raised so far.
        beforeScenario.push(await drifts());
        resyncs.push(instanceId);
        return scheduler.syncNow(instanceId, ['snapshot']);
      },
      logger,
      delayMs: 200,
    });
    scheduler.start();
    try {
      const weakened = await drift.done;
      expect(weakened).toEqual(['demo-docusign', 'demo-microsoft365']);
      expect(resyncs).toEqual(workspace.connections.map((c) => c.instanceId));
      // Nothing before the scenario (the first settings syncs are the baseline); DocuSign's alerts before Microsoft 365 is read again.
      expect(beforeScenario).toEqual([[], ['DS-ADM-2', 'DS-SESS-1', 'DS-SESS-2']]);
      expect(await drifts()).toEqual(['DS-ADM-2', 'DS-SESS-1', 'DS-SESS-2', 'M365-09', 'M365-12']);
      // Once: later syncs (the scheduler keeps running) raise nothing more.
      await scheduler.syncNow(workspace.connections[0]!.instanceId, ['snapshot']);
      expect(await drifts()).toEqual(['DS-ADM-2', 'DS-SESS-1', 'DS-SESS-2', 'M365-09', 'M365-12']);
    } finally {
      await drift.stop();
      await scheduler.stop();
    }
  }, 120_000);
});
