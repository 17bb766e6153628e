import type { Command } from 'commander';
import { countAccounts } from '../../store/repos/accounts.js';
import { countActivities } from '../../store/repos/activities.js';
import { listInstances } from '../../store/repos/connector-instances.js';
import { connectionHealth, healthThresholdsFor, type StreamHealth } from '../../sync/stream-health.js';
import type { CliContext } from '../context.js';
import { formatTime, printJson, printTable } from '../output.js';

export function registerConnectors(program: Command, ctx: CliContext): void {
  program
    .command('connectors')
    .description('List connected apps with their status, last sync and what they hold')
    .option('--json', 'print JSON')
    .option('--available', 'list the providers that can be connected, with their capabilities')
    .action(async (opts: { json?: boolean; available?: boolean }) => {
      // Listing needs only the descriptors; a connection's stream health loads that one connector (and no
      // connection, nothing of the connectors at all).
      if (opts.available) {
        const { availableRows, availableJson, availableFooter } = await import('./connectors-available.js');
        const list = (await import('../../connectors/catalog.js')).catalog.list();
        if (opts.json) return printJson(availableJson(list));
        printTable(availableRows(list));
        process.stdout.write(availableFooter(list));
        return;
      }
      const { db } = await ctx.store();
      const now = ctx.clock.now();
      const thresholds = healthThresholdsFor(ctx.config());
      const rows = [];
      for (const instance of await listInstances(db)) {
        const connector = await (await import('../../connectors/catalog.js')).loadConnector(instance.provider);
        const streams = connector ? await connectionHealth(db, connector, instance.id, now, thresholds) : [];
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
          streams,
        });
      }
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, lastSync: formatTime(r.lastSync), lastSuccess: formatTime(r.lastSuccess), budget: undefined })),
        ['name', 'provider', 'status', 'accounts', 'activities', 'lastSync', 'reason'],
      );
      const streamRows = rows.flatMap((r) => r.streams.map((s) => streamRow(r.name, s)));
      if (streamRows.length === 0) return;
      process.stdout.write('\nStreams (completeness):\n');
      printTable(streamRows, ['connector', 'stream', 'lastSuccess', 'newestEvent', 'lag', 'lastDay', 'usualPerDay', 'late', 'duplicates', 'retried', 'alerts']);
    });
}

function duration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86_400).toFixed(1)}d`;
}

function streamRow(connector: string, s: StreamHealth): Record<string, unknown> {
  return {
    connector,
    stream: s.stream,
    lastSuccess: formatTime(s.lastSuccessAt),
    newestEvent: formatTime(s.newestEventAt),
    lag: duration(s.lagSeconds),
    lastDay: s.eventsLastDay,
    usualPerDay: s.usualEventsPerDay === null ? null : Math.round(s.usualEventsPerDay),
    late: s.lateArrivals > 0 ? `${s.lateArrivals} (worst ${duration(s.worstLateSeconds)})` : '0',
    duplicates: s.duplicatesAbsorbed,
    retried: s.pagesRetried,
    alerts: [...(s.lastError ? [`error: ${s.lastError}`] : []), ...s.alerts.map((a) => `${a.kind}: ${a.message}`)].join(' | '),
  };
}
