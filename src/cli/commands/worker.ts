import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of 1 or more');
  return n;
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Run syncs and detection as jobs shared with other workers (PostgreSQL only: PARAPET_DATABASE_URL); one worker also schedules')
    .option('--concurrency <n>', 'jobs this process runs at once', positiveInt, 2)
    .option('--exit-when-idle', 'exit (0) once nothing is due, queued or running')
    // Tests: the leader's first retention purge without the 5 minutes' wait.
    .addOption(new Option('--retention-first-delay-ms <ms>').argParser(Number).hideHelp())
    .action(async (opts: { concurrency: number; exitWhenIdle?: boolean; retentionFirstDelayMs?: number }) => {
      // Imported here: the queue (graphile-worker) loads only when a worker runs.
      const { runWorker } = await import('../../workers/worker.js');
      // Jobs come for connections made after this worker started.
      ctx.useAllConnectors();
      await runWorker(ctx, {
        concurrency: opts.concurrency,
        exitWhenIdle: opts.exitWhenIdle ?? false,
        ...(opts.retentionFirstDelayMs === undefined ? {} : { retentionFirstDelayMs: opts.retentionFirstDelayMs }),
      });
    });
}
