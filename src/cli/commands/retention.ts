import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { formatTime, printJson, UsageError } from '../output.js';
import { progressBar } from '../progress.js';

export function registerRetention(program: Command, ctx: CliContext): void {
  program
    .command('retention')
    .description(
      'Delete activities older than the retention period (--days, or PARAPET_RETENTION_DAYS). Activities an alert cites as evidence and those detection has not evaluated yet are kept. `parapet serve` runs this daily when PARAPET_RETENTION_DAYS is set.',
    )
    .option('--days <n>', 'days of activity to keep (at least 31)')
    .option('--dry-run', 'count what would be deleted; delete nothing')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { days?: string; dryRun?: boolean; json?: boolean }) => {
      const configured = ctx.config().retentionDays;
      const days = opts.days === undefined ? configured : Number(opts.days);
      if (days === undefined) throw new UsageError('Say how many days of activity to keep: `parapet retention --days 400`, or set PARAPET_RETENTION_DAYS.');
      const { purgeActivities, retentionCutoff } = await import('../../store/repos/activity-retention.js');
      let cutoff: number;
      try {
        cutoff = retentionCutoff(days, ctx.clock.now());
      } catch (error) {
        throw new UsageError(`--days ${opts.days ?? days}: ${(error as Error).message}`);
      }
      const store = await ctx.store();
      const bar = progressBar('purging', 'activities');
      const result = await purgeActivities(store.db, { cutoff, dryRun: opts.dryRun ?? false, onProgress: (done, total) => bar.update(done, total) }).finally(() => bar.stop());
      if (opts.json) {
        printJson({ ...result, dryRun: opts.dryRun ?? false });
        return;
      }
      const verb = opts.dryRun ? 'Would delete' : 'Deleted';
      const lines = [`${verb} ${result.deleted} activit${result.deleted === 1 ? 'y' : 'ies'} older than ${formatTime(cutoff)} (${days} days).`];
      if (result.droppedPartitions.length > 0) lines.push(`Dropped ${result.droppedPartitions.length} monthly partition(s): ${result.droppedPartitions.join(', ')}.`);
      if (result.keptAsEvidence > 0) lines.push(`Kept ${result.keptAsEvidence} older activit${result.keptAsEvidence === 1 ? 'y' : 'ies'} that alerts cite as evidence.`);
      if (result.keptUnevaluated > 0) lines.push(`Kept ${result.keptUnevaluated} older activit${result.keptUnevaluated === 1 ? 'y' : 'ies'} detection has not evaluated yet (run \`parapet serve\` or \`parapet sync\` so detection catches up, then again).`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
