import type { Command } from 'commander';
import { DEMO_CONFIG } from '../../demo/demo-config.js';
import type { CliContext } from '../context.js';
import { printJson } from '../output.js';
import { ProgressDisplay } from '../progress.js';
import { runServer } from './serve.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Start the demo workspace: simulated apps with a seeded tenant, connected and syncing')
    .option('--once', 'sync every demo app once into the data directory, print a summary and exit')
    .option('--json', 'with --once: print the summary as JSON')
    .option('--seed <n>', 'tenant seed', '1')
    .action(async (opts: { once?: boolean; json?: boolean; seed: string }) => {
      ctx.overrideConfig(DEMO_CONFIG);
      // The demo connects its apps after the sync service opened.
      ctx.useAllConnectors();
      if (!opts.once) return runServer(ctx, { demo: true, seed: Number(opts.seed) });
      const [{ POSTURE_POLICIES }, { listAlerts }, { startDemoWorkspace }, { countAccounts }, { countActivities }, { findInstance }, { runDemoPostureDrift }] = await Promise.all([
        import('../../posture/posture-alert.js'),
        import('../../store/repos/alerts.js'),
        import('../../demo/workspace.js'),
        import('../../store/repos/accounts.js'),
        import('../../store/repos/activities.js'),
        import('../../store/repos/connector-instances.js'),
        import('../../demo/posture-scenario.js'),
      ]);
      const store = await ctx.store();
      const sync = await ctx.sync();
      const workspace = await startDemoWorkspace({ store, registry: await ctx.registry(), clock: ctx.clock, logger: ctx.logger(), seed: Number(opts.seed) });
      const progress = new ProgressDisplay(!opts.json && process.stderr.isTTY === true);
      const connectors = [];
      try {
        for (const connection of workspace.connections) {
          const summary = await sync.syncInstance(connection.instanceId, {
            onProgress: (instance, p) => progress.update(`${instance.id}/${p.stream}`, `${instance.name} ${p.stream}`, p.records, p.pages),
          });
          const instance = await findInstance(store.db, connection.instanceId);
          connectors.push({
            name: instance.name,
            provider: instance.provider,
            status: instance.status,
            ...(instance.statusReason ? { reason: instance.statusReason } : {}),
            accounts: await countAccounts(store.db, instance.id),
            activities: await countActivities(store.db, instance.id),
            streams: summary.streams.map((s) => ({ stream: s.stream, ok: s.ok, read: s.records, stored: s.stored })),
          });
        }
        // The posture-drift scenario: settings weakened in the simulators, then read again: drift alerts.
        await runDemoPostureDrift(workspace.connections, (instanceId) => sync.syncInstance(instanceId, { kinds: ['snapshot'] }));
      } finally {
        progress.stop();
        await workspace.close();
      }
      const report = await (await ctx.posture()).report();
      const drift = (await listAlerts(store.db, { policyId: POSTURE_POLICIES.drift.id })).map((a) => ({ check: a.subject.key.split('@')[0], severity: a.severity, explanation: a.explanation }));
      const posture = { score: report.overall.score, apps: report.apps.map((a) => ({ provider: a.provider, score: a.score.score, passed: a.score.passed, failed: a.score.failed })), driftAlerts: drift };
      if (opts.json) printJson({ connectors, posture });
      else {
        for (const c of connectors) process.stdout.write(`${c.name} (${c.provider}): ${c.status}, ${c.accounts} accounts, ${c.activities} activities\n`);
        for (const a of posture.apps) process.stdout.write(`posture ${a.provider}: ${a.score} / 100 (${a.passed} pass, ${a.failed} fail)\n`);
        process.stdout.write(`posture drift alerts from the demo scenario: ${drift.map((d) => d.check).join(', ') || 'none'}\n`);
      }
      if (connectors.some((c) => c.status !== 'connected')) process.exitCode = 1;
    });
}
