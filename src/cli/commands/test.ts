import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printJson, printTable } from '../output.js';

export function registerTest(program: Command, ctx: CliContext): void {
  program
    .command('test <connector>')
    .description('Check a connector: credentials, required permissions, APIs enabled (the "Test now" button)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const sync = await ctx.sync();
      const { instance, result } = await sync.testInstance(ref);
      if (opts.json) printJson({ connector: instance.name, ...result });
      else {
        printTable(result.checks.map((c) => ({ check: c.name, result: c.ok ? 'ok' : 'FAILED', detail: c.detail })));
        process.stdout.write(result.ok ? `\n${instance.name}: all checks passed.\n` : `\n${instance.name}: some checks failed; fix what the details say, then run \`parapet test ${instance.name}\` again.\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
