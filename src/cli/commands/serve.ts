import type { Command } from 'commander';
import { MINUTE, HOUR } from '../../core/clock.js';
import { DEMO_CONFIG, startDemoWorkspace, type DemoWorkspace } from '../../demo/workspace.js';
import { Scheduler } from '../../sync/scheduler.js';
import type { CliContext } from '../context.js';

export interface ServeOptions {
  demo: boolean;
  seed?: number;
}

/** Runs the scheduler (and, with `demo`, the demo workspace) until SIGINT/SIGTERM. */
export async function runServer(ctx: CliContext, options: ServeOptions): Promise<void> {
  const logger = ctx.logger();
  const store = await ctx.store();
  const sync = await ctx.sync();
  const config = ctx.config();
  let workspace: DemoWorkspace | null = null;
  if (options.demo) {
    workspace = await startDemoWorkspace({ store, registry: ctx.registry, clock: ctx.clock, logger, seed: options.seed ?? 1 });
  }
  // The demo's simulated apps produce activity every few minutes; poll them often so a newcomer sees it arrive.
  const pollMs = options.demo ? Math.min(config.pollMinutes * MINUTE, 30_000) : config.pollMinutes * MINUTE;
  const scheduler = new Scheduler({
    db: store.db,
    sync,
    clock: ctx.clock,
    logger,
    pollMs,
    snapshotMs: config.snapshotHours * HOUR,
    onSynced: (summary) => {
      for (const s of summary.streams) {
        if (s.ok) logger.info({ connector: summary.instance.name, stream: s.stream, read: s.records, stored: s.stored }, `${summary.instance.name}: ${s.stream} synced, ${s.stored} new`);
      }
    },
  });
  logger.info(
    { dataDir: config.dataDir, pollSeconds: pollMs / 1000, demo: options.demo },
    `Parapet is running${options.demo ? ' with the demo workspace' : ''}. The API and portal come in a later release; use \`npx parapet activities\` in another terminal. Ctrl-C stops.`,
  );
  scheduler.start();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping: finishing the runs in progress');
  await scheduler.stop();
  await workspace?.close();
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Run Parapet: keep every connector synced (activities every few minutes, inventory every 12 hours)')
    .option('--demo', 'also start the demo workspace of simulated apps')
    .option('--seed <n>', 'demo tenant seed', '1')
    .action(async (opts: { demo?: boolean; seed: string }) => {
      if (opts.demo) ctx.overrideConfig(DEMO_CONFIG);
      await runServer(ctx, { demo: opts.demo ?? false, seed: Number(opts.seed) });
    });
}
