import type { Command } from 'commander';
import { countAccounts } from '../../store/repos/accounts.js';
import { countActivities } from '../../store/repos/activities.js';
import { listInstances } from '../../store/repos/connector-instances.js';
import type { CliContext } from '../context.js';
import { formatTime, printJson, printTable } from '../output.js';

export function registerConnectors(program: Command, ctx: CliContext): void {
  program
    .command('connectors')
    .description('List connected apps with their status, last sync and what they hold')
    .option('--json', 'print JSON')
    .option('--available', 'list the providers that can be connected, with their capabilities')
    .action(async (opts: { json?: boolean; available?: boolean }) => {
      if (opts.available) {
        const rows = ctx.registry.list().map((c) => ({ provider: c.id, name: c.displayName, multiInstance: c.multiInstance, capabilities: c.capabilities.join(', ') }));
        return opts.json ? printJson(rows) : printTable(rows);
      }
      const { db } = await ctx.store();
      const rows = [];
      for (const instance of await listInstances(db)) {
        rows.push({
          name: instance.name,
          provider: instance.provider,
          status: instance.status,
          reason: instance.statusReason,
          lastSync: instance.lastSyncAt,
          lastSuccess: instance.lastSuccessAt,
          accounts: await countAccounts(db, instance.id),
          activities: await countActivities(db, instance.id),
          budget: instance.budget,
        });
      }
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, lastSync: formatTime(r.lastSync), lastSuccess: formatTime(r.lastSuccess), budget: undefined })),
        ['name', 'provider', 'status', 'accounts', 'activities', 'lastSync', 'reason'],
      );
    });
}
