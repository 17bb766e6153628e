import type { Command } from 'commander';
import { DEMO_CONFIG, startDemoWorkspace } from '../../demo/workspace.js';
import { countAccounts } from '../../store/repos/accounts.js';
import { countActivities } from '../../store/repos/activities.js';
import { findInstance } from '../../store/repos/connector-instances.js';
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
      if (!opts.once) return runServer(ctx, { demo: true, seed: Number(opts.seed) });
      const store = await ctx.store();
      const sync = await ctx.sync();
      const workspace = await startDemoWorkspace({ store, registry: ctx.registry, clock: ctx.clock, logger: ctx.logger(), seed: Number(opts.seed) });
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
      } finally {
        progress.stop();
        await workspace.close();
      }
      if (opts.json) printJson({ connectors });
      else for (const c of connectors) process.stdout.write(`${c.name} (${c.provider}): ${c.status}, ${c.accounts} accounts, ${c.activities} activities\n`);
      if (connectors.some((c) => c.status !== 'connected')) process.exitCode = 1;
    });
}
