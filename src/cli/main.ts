import { Command, CommanderError } from 'commander';
import { ConfigError, NotFoundError, ParapetError, ValidationError, errorMessage } from '../core/errors.js';
import { createCliContext } from './context.js';
import { UsageError } from './output.js';
import { registerAccounts } from './commands/accounts.js';
import { registerAlert, registerAlerts } from './commands/alerts.js';
import { registerDetect } from './commands/detect.js';
import { registerIntel } from './commands/intel.js';
import { registerPolicy } from './commands/policy.js';
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

export function buildProgram(ctx = createCliContext()): Command {
  const program = new Command('parapet')
    .description('Parapet: connect SaaS apps, collect their audit trails, detect threats, govern accounts.')
    .showHelpAfterError('(run with --help for usage)')
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
    registerIntel,
    registerSimulate,
    registerDemo,
    registerServe,
    registerKeys,
  ]) {
    register(program, ctx);
  }
  return program;
}

/** Entry point: runs a command and turns errors into a message and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
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
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ValidationError || error instanceof NotFoundError) return 2;
  return 1;
}
