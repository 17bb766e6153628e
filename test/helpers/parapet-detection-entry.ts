import { CommanderError } from 'commander';
import { ConfigError, NotFoundError, ParapetError, ValidationError, errorMessage } from '../../src/core/errors.js';
import { registerAlert, registerAlerts } from '../../src/cli/commands/alerts.js';
import { registerDetect } from '../../src/cli/commands/detect.js';
import { registerIntel } from '../../src/cli/commands/intel.js';
import { registerPolicy } from '../../src/cli/commands/policy.js';
import { createCliContext } from '../../src/cli/context.js';
import { registerDetectionHook } from '../../src/cli/detection-hook.js';
import { buildProgram } from '../../src/cli/main.js';
import { UsageError } from '../../src/cli/output.js';

/**
 * `parapet` with the detection commands, whether or not main.ts registers them yet (the same error
 * handling as main.ts). Used by test/detection-cli.test.ts through parapet-detection.mjs.
 */
export async function run(argv: readonly string[]): Promise<void> {
  const ctx = createCliContext();
  const program = buildProgram(ctx);
  const has = (name: string) => program.commands.some((c) => c.name() === name);
  for (const [name, register] of [['detect', registerDetect], ['alerts', registerAlerts], ['alert', registerAlert], ['policy', registerPolicy], ['intel', registerIntel]] as const) {
    if (!has(name)) register(program, ctx);
  }
  if (ctx.committedHooks.length === 0) registerDetectionHook(ctx);
  try {
    await program.parseAsync([...argv]);
    await ctx.close();
  } catch (error) {
    await ctx.close().catch(() => undefined);
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.exitCode = error instanceof UsageError || error instanceof ConfigError || error instanceof ValidationError || error instanceof NotFoundError ? 2 : 1;
    process.stderr.write(`parapet: ${errorMessage(error)}\n`);
    if (error instanceof ValidationError) for (const issue of error.issues) process.stderr.write(`  - ${issue}\n`);
    if (!(error instanceof ParapetError) && !(error instanceof UsageError)) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  }
}
