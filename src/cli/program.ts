import { PACKAGE_VERSION } from '../core/package-root.js';
import { Command, Option } from 'commander';
import { cliClock, type CliContext } from './context.js';
import { registerCompletion } from './completion.js';
import { addExamples } from './help-examples.js';
import { registerHelp } from './help-topics.js';
import { setOutputMode, UsageError } from './output.js';

/** Adds one module's commands to the program (src/cli/commands/*.ts). */
export type Registrar = (program: Command, ctx: CliContext) => void;

/** Commands that list records: each takes `--json` (one document) and `--jsonl` (one object per line). */
export const LIST_COMMANDS = ['connectors', 'accounts', 'identities', 'groups', 'privileges', 'apps', 'activities', 'alerts', 'suppressions list', 'policy list', 'intel range list', 'actions'];

const version = PACKAGE_VERSION;

/**
 * The program with the commands of `registrars`. `complete`: every command is there (the program `--help`,
 * completion and `parapet help` describe); otherwise only the one command being run (main.ts), so a command
 * imports its own module and not the other twenty.
 */
export function createProgram(ctx: CliContext, registrars: readonly Registrar[], complete: boolean): Command {
  const program = new Command('parapet')
    .description('Parapet: connect SaaS apps, collect their audit trails, detect threats, govern accounts.')
    .version(version, '-V, --version', 'print the version')
    .option('--no-color', 'no colour in output (NO_COLOR is honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit status: 0 success, 1 failure, 2 usage error, 3 nothing to do or partial (e.g. some connectors failed to sync),\n141 output closed early (`parapet activities | head`).',
    )
    .exitOverride();
  for (const register of registrars) register(program, ctx);
  if (complete) {
    registerCompletion(program);
    registerHelp(program, ctx);
  }
  addOutputFormats(program, complete);
  addExamples(program);
  return program;
}

/** `--jsonl` on every list command, and the output mode set before any command runs. */
function addOutputFormats(program: Command, complete: boolean): void {
  for (const path of LIST_COMMANDS) {
    const command = path.split(' ').reduce<Command | undefined>((parent, name) => parent?.commands.find((c) => c.name() === name), program);
    if (!command) {
      if (complete) throw new Error(`list command ${path} is not registered`);
      continue;
    }
    command.addOption(new Option('--jsonl', 'print one JSON object per line').conflicts('json'));
    command.addOption(new Option('--as-of <time>', 'evaluate relative times (--since, lag, last-day counts) as of this ISO time: repeated runs print the same'));
  }
  program.hook('preAction', (_program, action) => {
    const opts = action.opts<{ json?: boolean; jsonl?: boolean; asOf?: string }>();
    // List commands read one snapshot; everything else (sync, detection, tuning) runs on the moving clock.
    cliClock.snapshot(LIST_COMMANDS.includes(commandPath(action)) ? snapshotTime(opts.asOf) : null);
    setOutputMode({ jsonl: opts.jsonl === true, noColor: program.opts<{ color: boolean }>().color === false });
    // Commands print JSON when `json` is set; `--jsonl` is the same data one object per line.
    if (opts.jsonl) action.setOptionValue('json', true);
  });
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** One now for a whole list command: `--as-of`, or the moment it started. */
function snapshotTime(asOf: string | undefined): number {
  if (asOf === undefined) return Date.now();
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) throw new UsageError(`--as-of "${asOf}" is not a date or time (2026-12-01T09:00:00Z)`);
  return at;
}

