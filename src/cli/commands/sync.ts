import type { Command } from 'commander';
import { listInstances } from '../../store/repos/connector-instances.js';
import type { SyncSummary } from '../../sync/sync-service.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../output.js';
import { ProgressDisplay } from '../progress.js';

export function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync [connector]')
    .description('Sync a connector now (all of them when none is named): inventory, then activities from the last checkpoint')
    .option('--full', 'read the whole backfill window again (stored activities are not duplicated)')
    .option('--json', 'print a JSON summary')
    .action(async (ref: string | undefined, opts: { full?: boolean; json?: boolean }) => {
      const sync = await ctx.sync();
      const refs = ref ? [ref] : (await listInstances((await ctx.store()).db)).filter((i) => i.status !== 'disabled').map((i) => i.id);
      if (refs.length === 0) {
        process.stderr.write('parapet: no connections to sync; add one with `parapet connect <provider>` (or try `parapet demo --once`)\n');
        process.exitCode = EXIT.partial;
        return;
      }
      const progress = new ProgressDisplay(!opts.json && process.stderr.isTTY === true);
      const summaries: SyncSummary[] = [];
      try {
        for (const r of refs) {
          summaries.push(
            await sync.syncInstance(r, {
              full: opts.full ?? false,
              onProgress: (instance, p) => progress.update(`${instance.id}/${p.stream}`, `${instance.name} ${p.stream}`, p.records, p.pages),
            }),
          );
        }
      } finally {
        progress.stop();
      }
      if (opts.json) printJson(summaries);
      else {
        for (const s of summaries) {
          for (const st of s.streams) {
            process.stdout.write(`${s.instance.name} ${st.stream}: ${st.ok ? `${st.records} read, ${st.stored} new` : `FAILED: ${st.error}`}\n`);
          }
        }
      }
      // Scripts can tell "some failed, the rest synced" (3) from "nothing synced" (1).
      if (summaries.some((s) => !s.ok)) process.exitCode = summaries.some((s) => s.streams.some((st) => st.ok)) ? EXIT.partial : EXIT.failure;
    });
}
