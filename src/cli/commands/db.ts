import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { progressBar } from '../progress.js';

export function registerDb(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('The database: move the embedded store into PostgreSQL (docs/operations.md)');
  db.command('copy')
    .description(
      'Copy everything in the embedded SQLite store (PARAPET_DATA_DIR) into an empty PostgreSQL database, in one transaction. Stop `parapet serve` first; afterwards set PARAPET_DATABASE_URL to the same URL. The secret key stays where it is and keeps opening the copied credentials.',
    )
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:port/database')
    .action(async (opts: { to: string }) => {
      const config = ctx.config();
      if (config.databaseUrl) throw new UsageError('PARAPET_DATABASE_URL is set, so Parapet is not using the embedded store: unset it for the copy (the source is the SQLite file in PARAPET_DATA_DIR) and give the PostgreSQL URL with --to.');
      if (!/^postgres(ql)?:\/\//i.test(opts.to)) throw new UsageError('--to must be a postgres:// or postgresql:// URL.');
      const [{ openStore }, { copyStore }, { redactUrl }] = await Promise.all([import('../../store/db.js'), import('../../store/copy-store.js'), import('../../store/postgres.js')]);
      const source = await ctx.store();
      const destination = await openStore({ dataDir: config.dataDir, databaseUrl: opts.to, secretKey: config.secretKey, secretKeyFile: config.secretKeyFile, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
      const bar = progressBar('copying', 'rows');
      try {
        const result = await copyStore(source.db, destination.db, ({ allCopied, allTotal }) => bar.update(allCopied, allTotal));
        bar.stop();
        const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
        const activities = result.tables.find((t) => t.table === 'activities')?.rows ?? 0;
        process.stdout.write(`Copied ${rows} rows in ${result.tables.length} tables (${activities} activities) into ${redactUrl(opts.to)}.\n`);
        process.stdout.write(`Next: set PARAPET_DATABASE_URL to that URL for every Parapet process (the data directory's secret key still opens the copied credentials), then start Parapet.\n`);
      } finally {
        bar.stop();
        await destination.close();
      }
    });
}
