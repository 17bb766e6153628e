import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type AppServices } from '../src/app/services.js';
import { MINUTE, manualClock } from '../src/core/clock.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../src/connectors/sdk/rate-limit-governor.js';
import { slackSimulator, type RunningSlackSimulator } from '../src/connectors/slack/simulator/index.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { createTestDatabase, describeDialects, type TestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * Revoking a Slack app through governance, over the simulator: the app from the broad-scopes attack is in the
 * inventory, an analyst asks to revoke it, an admin approves, and the org restricts and uninstalls it.
 */
describeDialects('governance: revoke an OAuth app in Slack (admin.apps.restrict + admin.apps.uninstall)', (dialect) => {
  const dir = tempDir('parapet-governance-slack-');
  let database: TestDatabase;
  let services: AppServices;
  let sim: RunningSlackSimulator;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const env = { PARAPET_DATA_DIR: dir.path, ...(database.databaseUrl ? { PARAPET_DATABASE_URL: database.databaseUrl } : {}) };
    const clock = manualClock(CONFORMANCE_NOW + MINUTE);
    services = createServices({ env, logger: pino({ level: 'silent' }), clock });
    // The sync paces its requests by this clock (Slack's burst is 20): a wait moves it on instead of sleeping while it stands still.
    services.useGovernors((_instanceId, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)));
    sim = await slackSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: ['oauth-app-broad-scopes'] });
    const store = await services.store();
    await createInstance(store.db, store.secrets, { name: 'slack', provider: 'slack', config: sim.config, now: services.clock.now() });
    const summary = await (await services.sync()).syncInstance('slack', { kinds: ['snapshot'] });
    expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await sim.close();
    await services.close();
    await database.drop();
    dir.cleanup();
  });

  it('dispatches to the Slack connector, which restricts and uninstalls the app across the org', async () => {
    const rogue = sim.tenant().apps.find((a) => a.name === 'Archive Exporter for Slack');
    expect(rogue).toMatchObject({ status: 'approved', installed: true });
    const governance = await services.governance();
    const request = await governance.request({ kind: 'revoke-oauth-app', target: { type: 'oauth-app', ref: rogue!.id, instance: 'slack' }, via: 'cli', reason: 'reads every private channel' }, { name: 'ana', role: 'analyst' });
    expect(request).toMatchObject({ status: 'pending', route: 'app', providerTargetId: rogue!.id });
    const done = await governance.approve(request.id, { name: 'ada', role: 'admin' });
    expect(done.status).toBe('succeeded');
    expect(done.result).toContain('uninstalled it from every workspace');
    expect(sim.tenant().apps.find((a) => a.id === rogue!.id)).toMatchObject({ status: 'restricted', installed: false });
    // The other apps are untouched.
    expect(sim.tenant().apps.filter((a) => a.id !== rogue!.id && a.installed === false)).toEqual([]);
  }, 60_000);
});
