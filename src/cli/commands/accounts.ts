import type { Command } from 'commander';
import { listAccounts } from '../../store/repos/accounts.js';
import { findInstance, listInstances } from '../../store/repos/connector-instances.js';
import type { CliContext } from '../context.js';
import { formatTime, printJson, printTable, UsageError } from '../output.js';

export function registerAccounts(program: Command, ctx: CliContext): void {
  program
    .command('accounts')
    .description('List the accounts of connected apps, with the identity each is linked to')
    .option('--connector <name>', 'only this connector')
    .option('--status <status>', 'active, suspended or deleted')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(async (opts: { connector?: string; status?: string; limit: string; json?: boolean }) => {
      const { db } = await ctx.store();
      if (opts.status && !['active', 'suspended', 'deleted'].includes(opts.status)) throw new UsageError('--status must be active, suspended or deleted');
      const instanceId = opts.connector ? (await findInstance(db, opts.connector)).id : undefined;
      const names = new Map((await listInstances(db)).map((i) => [i.id, i.name]));
      const accounts = await listAccounts(db, {
        ...(instanceId ? { instanceId } : {}),
        ...(opts.status ? { status: opts.status as 'active' } : {}),
        limit: Number(opts.limit),
      });
      const rows = accounts.map((a) => ({ connector: names.get(a.connectorInstanceId) ?? a.connectorInstanceId, ...a }));
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((a) => ({ connector: a.connector, email: a.email, name: a.name, status: a.status, admin: a.isAdmin ? 'yes' : '', identity: a.identityId, lastSeen: formatTime(a.lastSeenAt) })),
        undefined,
        { dropFirst: ['identity', 'name', 'lastSeen'], keepWhole: ['lastSeen'] },
      );
    });
}
