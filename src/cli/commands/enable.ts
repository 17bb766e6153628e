import type { Command } from 'commander';
import { findInstance, setInstanceEnabled } from '../../store/repos/connector-instances.js';
import type { CliContext } from '../context.js';

export function registerEnable(program: Command, ctx: CliContext): void {
  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    program
      .command(`${name} <connector>`)
      .description(enabled ? 'Re-enable a connector: it resumes from its last checkpoint' : 'Disable a connector: history and checkpoints are kept')
      .action(async (ref: string) => {
        const { db } = await ctx.store();
        const instance = await findInstance(db, ref);
        await setInstanceEnabled(db, instance.id, enabled, ctx.clock.now());
        process.stdout.write(`${instance.name}: ${enabled ? 'enabled; the next sync resumes from its checkpoint' : 'disabled; its history and checkpoints are kept'}.\n`);
      });
  }
}
