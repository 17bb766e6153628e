import { PACKAGE_ROOT } from '../../core/package-root.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MINUTE, HOUR } from '../../core/clock.js';
import { DEMO_CONFIG } from '../../demo/demo-config.js';
import type { DemoWorkspace } from '../../demo/workspace.js';
import type { CliContext } from '../context.js';
import { ensurePortalBuilt } from '../portal-build.js';

export interface ServeOptions {
  demo: boolean;
  /** Keep connections synced in this process. @default true (false: `parapet worker` processes do it) */
  scheduler?: boolean;
  seed?: number;
  /** With `demo`: how long after the first settings sync of the demo's apps their settings are weakened (drift alerts). @default 30 s */
  driftAfterMs?: number;
}

/** The repository (or installed package) root: web/ and web/dist live there. */
const ROOT = PACKAGE_ROOT;

/**
 * Runs Parapet: the HTTP API and the portal beside the scheduler (and, with `demo`, the demo workspace)
 * until SIGINT/SIGTERM. Prints one line: where the portal is and how to sign in.
 */
export async function runServer(ctx: CliContext, options: ServeOptions): Promise<void> {
  // The API lists every connector type and connections are made while it runs.
  ctx.useAllConnectors();
  // Imported here, not at the top: `parapet --help` and every other command start without the web server,
  // the simulators and the scheduler.
  const [{ logSync }, { ensureFirstAdmin }, { startHttpServer }, { startDemoWorkspace }, { Scheduler }, { scheduleDemoPostureDrift }, { GovernanceSweep }] = await Promise.all([
    import('../../app/console-log.js'),
    import('../../app/first-admin.js'),
    import('../../app/http-server.js'),
    import('../../demo/workspace.js'),
    import('../../sync/scheduler.js'),
    import('../../demo/posture-scenario.js'),
    import('../../governance/governance-sweep.js'),
  ]);
  const logger = ctx.logger();
  const store = await ctx.store();
  const sync = await ctx.sync();
  const config = ctx.config();
  const built = await ensurePortalBuilt(ROOT, (message) => process.stderr.write(`${message}\n`));
  const webDir = built.state === 'absent' ? null : join(ROOT, 'web', 'dist');
  const admin = await ensureFirstAdmin(store, { password: config.adminPassword, now: ctx.clock.now() });
  let workspace: DemoWorkspace | null = null;
  if (options.demo) {
    workspace = await startDemoWorkspace({ store, registry: await ctx.registry(), clock: ctx.clock, logger, seed: options.seed ?? 1 });
  }
  const server = await startHttpServer(ctx, { webDir });
  // The demo's simulated apps produce activity every few minutes; poll them often so a newcomer sees it arrive.
  const pollMs = options.demo ? Math.min(config.pollMinutes * MINUTE, 30_000) : config.pollMinutes * MINUTE;
  const scheduler = new Scheduler({
    db: store.db,
    sync,
    clock: ctx.clock,
    logger,
    pollMs,
    snapshotMs: config.snapshotHours * HOUR,
    // Approvals that expire and changes the provider did not show yet (with --no-scheduler the worker leader runs it).
    periodic: [new GovernanceSweep({ governance: () => ctx.governance(), logger })],
    // One line per sync: on a terminal "sync  name: activities 12 new (0.4 s)"; failures are logged in full by the sync service.
    onSynced: (summary) => {
      logSync(logger, summary);
      drift?.onSynced(summary);
    },
  });
  const scheduling = options.scheduler !== false;
  // The demo's posture-drift scenario (as `parapet demo --once` runs it): once the demo apps' settings were read,
  // some are weakened in the simulators and read again, so the portal shows drift alerts a minute after start.
  const drift =
    workspace && scheduling
      ? scheduleDemoPostureDrift({
          connections: workspace.connections,
          connectorFor: (instance) => sync.connectorFor(instance),
          resync: (instanceId) => scheduler.syncNow(instanceId, ['snapshot']),
          logger,
          delayMs: options.driftAfterMs ?? 30_000,
        })
      : null;
  const signIn = admin
    ? admin.generatedPassword
      ? `sign in as admin with password ${admin.generatedPassword} (shown once; set PARAPET_ADMIN_PASSWORD to choose it)`
      : 'sign in as admin with PARAPET_ADMIN_PASSWORD'
    : 'sign in with your Parapet user';
  process.stdout.write(`Parapet${options.demo ? ' (demo)' : ''} is running at ${server.url}/ — ${signIn}. Ctrl-C stops.\n`);
  if (scheduling) scheduler.start();
  // The daily retention purge runs where the scheduler does: here, or with --no-scheduler on the `parapet worker` scheduler leader (src/workers/worker.ts).
  const retention = !scheduling || config.retentionDays === undefined ? null : (await import('../../app/retention-timer.js')).startRetentionTimer({ db: store.db, days: config.retentionDays, clock: ctx.clock, logger });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping: finishing the runs in progress');
  await server.close();
  await drift?.stop();
  await scheduler.stop();
  await retention?.stop();
  await workspace?.close();
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Run Parapet: the portal and HTTP API, and keep every connector synced (activities every few minutes, inventory every 12 hours)')
    .option('--demo', 'also start the demo workspace of simulated apps')
    .option('--seed <n>', 'demo tenant seed', '1')
    .option('--no-scheduler', 'serve the portal and API only: `parapet worker` processes sync (PostgreSQL)')
    .action(async (opts: { demo?: boolean; seed: string; scheduler: boolean }) => {
      // On a terminal the log shows one line per sync and per new alert (src/app/console-log.ts); JSON lines elsewhere.
      ctx.overrideConfig({ ...(opts.demo ? DEMO_CONFIG : {}) });
      await runServer(ctx, { demo: opts.demo ?? false, seed: Number(opts.seed), scheduler: opts.scheduler });
    });
}
