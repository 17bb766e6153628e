import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { SENSITIVITIES, type ActivePolicy, type Sensitivity } from '../../detection/rule.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';

export function registerDetect(program: Command, ctx: CliContext): void {
  program
    .command('detect')
    .description('Run detection over normalised activities (JSON lines, the output of `parapet normalize`); write alerts as JSON lines')
    .requiredOption('--input <file>', 'activities, one JSON object per line ("-" for stdin)')
    .option('--policies <path>', 'custom policy file or folder (*.yaml, *.yml, *.json)')
    .option('--builtin <ids>', 'built-in policies: all, none, or a comma-separated list', 'all')
    .option('--sensitivity <level>', `sensitivity of the built-in policies (${SENSITIVITIES.join(', ')})`, 'medium')
    .option('--output <file>', 'write alert lines here instead of stdout')
    .option('--no-lookups', 'do not look addresses up in the offline city / ASN databases (provider geo only)')
    .action(async (opts: { input: string; policies?: string; builtin: string; sensitivity: string; output?: string; lookups: boolean }) => {
      const [{ selectBuiltins, readPolicyFiles }, { resolvePolicy }, { openEnricher }, { detectOffline, toAlertLine }, { IP_DATA_ATTRIBUTION }] = await Promise.all([
        import('../policy-inputs.js'),
        import('../../detection/rule.js'),
        import('../../detection/enrichment/open-enricher.js'),
        import('../../detection/offline.js'),
        import('../../detection/enrichment/attribution.js'),
      ]);
      if (!(SENSITIVITIES as readonly string[]).includes(opts.sensitivity)) throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
      if (opts.input !== '-' && !existsSync(opts.input)) throw new UsageError(`--input: ${opts.input} does not exist`);
      const policies: ActivePolicy[] = selectBuiltins(opts.builtin).map((r) => resolvePolicy(r, { sensitivity: opts.sensitivity as Sensitivity }));
      let problems: string[] = [];
      if (opts.policies) {
        const read = readPolicyFiles(opts.policies);
        problems = read.problems;
        policies.push(...read.rules.map((r) => resolvePolicy(r)));
      }
      for (const p of problems) process.stderr.write(`${p}\n`);
      if (policies.length === 0) throw new UsageError('No policy to run: pass --builtin all or --policies <dir> with valid policy files');

      const { enricher } = openEnricher({ dataDir: existsSync(ctx.config().dataDir) ? ctx.config().dataDir : null, lookups: opts.lookups });
      // Before the input is opened: lines read while an import is awaited would be lost.
      const { progressBar } = await import('../progress.js');
      const input = opts.input === '-' ? process.stdin : createReadStream(opts.input, 'utf8');
      const lines = createInterface({ input, crlfDelay: Infinity });
      const reading = progressBar('reading', 'lines');
      const evaluating = progressBar('evaluating', 'activities');
      let result;
      try {
        result = await detectOffline(lines, {
          policies,
          enricher,
          wallClock: ctx.clock.now(),
          onRead: (n) => reading.update(n),
          onEvaluated: (done, total) => {
            reading.stop();
            evaluating.update(done, total);
          },
        });
      } finally {
        reading.stop();
        evaluating.stop();
      }

      const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
      for (const alert of result.alerts) {
        if (!out.write(JSON.stringify(toAlertLine(alert)) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      if (opts.output) {
        await new Promise<void>((resolve, reject) => {
          out.once('error', reject);
          out.end(() => resolve());
        });
      }

      for (const r of result.rejected.slice(0, 20)) process.stderr.write(`line ${r.line}: ${r.reason}; skipped\n`);
      if (result.rejected.length > 20) process.stderr.write(`... and ${result.rejected.length - 20} more bad line(s)\n`);
      const s = result.stats;
      const notEvaluated = s.future + s.tooOld + s.late;
      process.stderr.write(
        `${s.evaluated} activities evaluated by ${policies.length} policies, ${result.alerts.length} alert(s)` +
          (notEvaluated ? `; ${notEvaluated} not evaluated (${s.future} dated in the future, ${s.late} too late)` : '') +
          (s.suppressed ? `; ${s.suppressed} alert(s) suppressed by the storm guard` : '') +
          (s.duplicate ? `; ${s.duplicate} duplicate(s) ignored` : '') +
          '\n',
      );
      if (opts.lookups) for (const line of IP_DATA_ATTRIBUTION) process.stderr.write(`${line}\n`);
      if (problems.length) process.exitCode = 2;
      else if (result.rejected.length && s.evaluated === 0) process.exitCode = 1;
    });
}
