import { CommanderError, type Command } from 'commander';
import { ConfigError, NotFoundError, ParapetError, ValidationError, errorMessage } from '../core/errors.js';
import { COMMAND_MODULES } from './command-modules.js';
import { createCliContext, type CliContext } from './context.js';
import { EXIT, endQuietlyOnClosedPipe } from './exit-codes.js';
import { UsageError } from './output.js';
import { createProgram } from './program.js';

export { LIST_COMMANDS } from './program.js';

/**
 * The program for this command line: `parapet <command> ...` gets a program with that command's module only
 * (COMMAND_MODULES); anything else — `--help`, `help`, `completion`, a mistyped command that commander should
 * name the closest match for — the whole program (all-commands.ts).
 */
async function programFor(argv: readonly string[], ctx: CliContext): Promise<Command> {
  const args = argv.slice(2);
  const name = args[0] === '--no-color' ? args[1] : args[0];
  const load = name !== undefined && Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  if (load) return createProgram(ctx, [await load()], false);
  return (await import('./all-commands.js')).buildProgram(ctx);
}

/** Entry point: runs a command and turns errors into a message and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const ctx = createCliContext();
  const program = await programFor(argv, ctx);
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
