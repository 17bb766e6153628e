import type { Command } from 'commander';
import { FieldReport } from '../../connectors/sdk/fidelity.js';
import { normalizeRecord, offlineContext } from '../../connectors/sdk/normalize-total.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { pageRecords } from '../page-records.js';
import { readRecords } from '../record-input.js';
import { UsageError } from '../output.js';

export function registerNormalize(program: Command, ctx: CliContext): void {
  program
    .command('normalize')
    .description(
      "Read a provider's raw audit records on stdin (JSON lines, pretty-printed JSON objects, API response pages, one JSON array, or XML documents such as DocuSign Connect's legacy messages); write normalised activities (JSON lines) on stdout",
    )
    .requiredOption('--provider <provider>', 'which provider the records come from')
    .option('--instance <id>', 'connector instance id to stamp on the activities', 'offline')
    .option('--report', 'after the activities, print per field (user, ip, time, action, outcome, targets) how many records carried it and how many activities got it (on stderr, so stdout stays JSON lines)')
    .action(async (opts: { provider: string; instance: string; report?: boolean }) => {
      const { loadConnector, providerIds } = await import('../../connectors/catalog.js');
      const connector = await loadConnector(opts.provider);
      if (!connector) throw new UsageError(`Unknown provider "${opts.provider}". Available: ${providerIds()}`);
      const report = opts.report ? new FieldReport(connector.fieldSources ?? []) : null;
      let ok = 0;
      let bad = 0;
      for await (const item of readRecords(process.stdin)) {
        if ('error' in item) {
          bad++;
          process.stderr.write(`${item.where}: ${item.error}; skipped\n`);
          continue;
        }
        const ingestedAt = ctx.clock.now();
        const context = offlineContext(opts.instance, ingestedAt);
        // An API response page saved whole gives its records, each an activity.
        for (const record of pageRecords(connector, item.record, context) ?? [item.record]) {
          const activity = normalizeRecord(connector, record, context);
          report?.add(record, activity, ingestedAt);
          if (!process.stdout.write(JSON.stringify(activity) + '\n')) await new Promise((r) => process.stdout.once('drain', r));
          ok++;
        }
      }
      process.stderr.write(`normalized ${ok} record(s), skipped ${bad} bad line(s)\n`);
      if (report) {
        const undeclared = connector.fieldSources?.length ? '' : ' (this connector declares no field sources: "carried" is 0)';
        process.stderr.write(`\nfields per record (${connector.id})${undeclared}:\n${report.render()}`);
      }
      // 1: nothing could be read; 3: partial, the bad lines (records) were skipped and named above.
      if (bad > 0) process.exitCode = ok === 0 ? EXIT.failure : EXIT.partial;
    });
}
