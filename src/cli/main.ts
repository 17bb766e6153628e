import { PACKAGE_VERSION } from '../core/package-root.js';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, NotFoundError, ParapetError, ValidationError, errorMessage } from '../core/errors.js';
import { cliClock, createCliContext } from './context.js';
import { registerCompletion } from './completion.js';
import { EXIT, endQuietlyOnClosedPipe } from './exit-codes.js';
import { addExamples } from './help-examples.js';
import { registerHelp } from './help-topics.js';
import { setOutputMode, UsageError } from './output.js';
import { registerAccounts } from './commands/accounts.js';
import { registerActions } from './commands/actions.js';
import { registerAlert, registerAlerts } from './commands/alerts.js';
import { registerDetect } from './commands/detect.js';
import { registerIntel } from './commands/intel.js';
import { registerPolicy } from './commands/policy.js';
import { registerPosture } from './commands/posture.js';
import { registerActivities } from './commands/activities.js';
import { registerConnect } from './commands/connect.js';
import { registerConnectors } from './commands/connectors.js';
import { registerDemo } from './commands/demo.js';
import { registerEnable } from './commands/enable.js';
import { registerKeys } from './commands/keys.js';
import { registerInventory } from './commands/inventory.js';
import { registerNormalize } from './commands/normalize.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSuppressions } from './commands/suppressions.js';
import { registerSync } from './commands/sync.js';
import { registerTest } from './commands/test.js';
import { registerWorker } from './commands/worker.js';

/** Commands that list records: each takes `--json` (one document) and `--jsonl` (one object per line). */
export const LIST_COMMANDS = ['connectors', 'accounts', 'identities', 'groups', 'privileges', 'apps', 'activities', 'alerts', 'suppressions list', 'policy list', 'intel range list', 'actions'];

const version = PACKAGE_VERSION;

export function buildProgram(ctx = createCliContext()): Command {
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
  for (const register of [
    registerConnect,
    registerConnectors,
    registerTest,
    registerSync,
    registerEnable,
    registerActivities,
    registerAccounts,
    registerInventory,
    registerNormalize,
    registerAlerts,
    registerAlert,
    registerDetect,
    registerPolicy,
    registerSuppressions,
    registerPosture,
    registerActions,
    registerIntel,
    registerSimulate,
    registerDemo,
    registerServe,
    registerWorker,
    registerKeys,
  ]) {
    register(program, ctx);
  }
  registerCompletion(program);
  registerHelp(program, ctx);
  addOutputFormats(program);
  addExamples(program);
  return program;
}

/** `--jsonl` on every list command, and the output mode set before any command runs. */
function addOutputFormats(program: Command): void {
  for (const path of LIST_COMMANDS) {
    const command = path.split(' ').reduce<Command | undefined>((parent, name) => parent?.commands.find((c) => c.name() === name), program);
    if (!command) throw new Error(`list command ${path} is not registered`);
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

/** Entry point: runs a command and turns errors into a message and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const ctx = createCliContext();
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
    await ctx.close();
  } catch (error) {
    await ctx.close().catch(() => undefined);
    process.exitCode = exitCodeFor(error);
    if (error instanceof CommanderError) return; // commander already printed it
    process.stderr.write(`parapet: ${errorMessage(error)}\n`);
    if (error instanceof ValidationError) for (const issue of error.issues) process.stderr.write(`  - ${issue}\n`);
    if (!(error instanceof ParapetError) && !(error instanceof UsageError) && process.env.PARAPET_DEBUG) {
      process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
  }
}

function exitCodeFor(error: unknown): number {
  // --help and --version end with 0; every other commander error is a mistake in the command line.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ValidationError || error instanceof NotFoundError) return EXIT.usage;
  return EXIT.failure;
}
