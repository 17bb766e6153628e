import type { Command } from 'commander';
import { ACTIONS } from '../../core/activity.js';
import { queryActivities } from '../../store/repos/activities.js';
import { findInstance, listInstances } from '../../store/repos/connector-instances.js';
import type { CliContext } from '../context.js';
import { formatTime, parseSince, printJson, printTable, UsageError } from '../output.js';

export function registerActivities(program: Command, ctx: CliContext): void {
  program
    .command('activities')
    .description('Search the normalised activity log, newest first')
    .option('--user <email|id>', "actor's e-mail or provider user id")
    .option('--ip <address>', 'source IP address')
    .option('--action <action>', `normalised action (${ACTIONS.slice(0, 4).join(', ')}, ...)`)
    .option('--since <when>', 'e.g. 7d, 12h, 2026-11-01', '7d')
    .option('--connector <name>', 'only this connector')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON (full activities)')
    .action(async (opts: { user?: string; ip?: string; action?: string; since: string; connector?: string; limit: string; json?: boolean }) => {
      if (opts.action && !(ACTIONS as readonly string[]).includes(opts.action)) {
        throw new UsageError(`--action "${opts.action}" is not a normalised action. Known: ${ACTIONS.join(', ')}`);
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      const { db } = await ctx.store();
      const instanceId = opts.connector ? (await findInstance(db, opts.connector)).id : undefined;
      const activities = await queryActivities(db, {
        ...(instanceId ? { instanceId } : {}),
        ...(opts.user ? { user: opts.user } : {}),
        ...(opts.ip ? { ip: opts.ip } : {}),
        ...(opts.action ? { action: opts.action } : {}),
        since: parseSince(opts.since, ctx.clock.now()),
        limit,
      });
      if (opts.json) return printJson(activities);
      const names = new Map((await listInstances(db)).map((i) => [i.id, i.name]));
      printTable(
        activities.map((a) => ({
          time: formatTime(a.time),
          connector: names.get(a.connectorInstanceId),
          action: a.action,
          outcome: a.outcome,
          user: a.actor.email ?? a.actor.userId,
          ip: a.srcIp,
          country: a.geo.country,
          event: a.eventType,
        })),
        undefined,
        { dropFirst: ['event', 'connector', 'country', 'outcome'], keepWhole: ['time', 'ip'] },
      );
    });
}
