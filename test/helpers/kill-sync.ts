import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openSqlite, withStatementCache } from '../../src/store/sqlite.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parapet.js');

/** What the parent sees of the child's activity ingest, read from the same database (SQLite's WAL allows it). */
interface IngestState {
  /** Activities stored plus every checkpoint written: grows with each committed activity page. */
  committed: string;
  /** When an incremental stream was last marked done. */
  lastSuccessAt: number;
}

/** Where the child keeps its data: the data directory's SQLite file, or PARAPET_DATABASE_URL's PostgreSQL database. */
export interface KillTarget {
  dataDir: string;
  databaseUrl?: string | undefined;
}

type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * One connection that reads the child's database for the whole run: the parent polls every few
 * milliseconds, and a connection per poll (a PostgreSQL backend forked each time) took CPU from the very
 * sync it watches. Between statements it holds no snapshot, so each poll sees the latest commit.
 */
async function openReader(target: KillTarget): Promise<{ query: Query; close: () => Promise<void> }> {
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    return {
      // node-postgres numbers its parameters $1, $2, ...: the queries below are written with ?.
      query: async (text, params) => {
        let n = 0;
        return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
      },
      close: () => client.end(),
    };
  }
  // Its statements kept too: the same three run on every poll.
  const db = withStatementCache(openSqlite(join(target.dataDir, 'parapet.db'), { readonly: true, fileMustExist: true }));
  return { query: async (text, params) => db.prepare(text).all(params) as Record<string, unknown>[], close: async () => db.close() };
}

async function ingestState(query: Query, instanceName: string, streams: readonly string[]): Promise<IngestState> {
  const id = String((await query('SELECT id FROM connector_instances WHERE name = ?', [instanceName]))[0]?.id);
  const count = Number((await query('SELECT count(*) AS n FROM activities WHERE connector_instance_id = ?', [id]))[0]?.n);
  const rows = (await query(
    `SELECT stream, checkpoint, last_success_at FROM stream_states WHERE connector_instance_id = ? AND stream IN (${streams.map(() => '?').join(',')}) ORDER BY stream`,
    [id, ...streams],
  )) as { stream: string; checkpoint: string | null; last_success_at: number | string | null }[];
  return {
    // A stream's state row appears (checkpoint still empty) before its first page: that is not a commit.
    committed: `${count}|${rows
      .filter((r) => r.checkpoint)
      .map((r) => `${r.stream}=${r.checkpoint}`)
      .join('|')}`,
    lastSuccessAt: Math.max(0, ...rows.map((r) => Number(r.last_success_at ?? 0))),
  };
}

export interface KillOutcome {
  /** The child was killed after an activity page of this run committed and before its streams finished. */
  midIngest: boolean;
  /** Its activity streams ran to the end (no kill, or the kill came too late). */
  finished: boolean;
  /** A SIGKILL was sent. */
  killed: boolean;
}

/**
 * Runs `parapet sync <name>` and, once this run has committed its first activity page (seen in the
 * database), waits `delayMs` and kills it with SIGKILL. The kill counts as mid-ingest only if afterwards
 * the activity streams were not marked done by this run.
 */
export async function syncAndKill(target: KillTarget, name: string, streams: readonly string[], delayMs: number | null): Promise<KillOutcome> {
  const reader = await openReader(target);
  try {
    return await runAndKill(target, reader.query, name, streams, delayMs);
  } finally {
    await reader.close();
  }
}

async function runAndKill(target: KillTarget, query: Query, name: string, streams: readonly string[], delayMs: number | null): Promise<KillOutcome> {
  const before = await ingestState(query, name, streams);
  const { PARAPET_DATABASE_URL: _inherited, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'sync', name], {
    env: { ...env, PARAPET_DATA_DIR: target.dataDir, ...(target.databaseUrl ? { PARAPET_DATABASE_URL: target.databaseUrl } : {}), PARAPET_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // What the sync printed says which stream failed when it exits non-zero without being killed.
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-4000)));
  let exited = false;
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    });
  });
  let killed = false;
  if (delayMs !== null) {
    while (!exited) {
      const now = await ingestState(query, name, streams);
      if (now.committed !== before.committed) {
        await new Promise((r) => setTimeout(r, delayMs));
        killed = child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const code = await exit;
  if (!killed && code !== 0) throw new Error(`parapet sync exited ${code}: ${stderr}${stdout}`);
  const after = await ingestState(query, name, streams);
  const done = after.lastSuccessAt > before.lastSuccessAt;
  return { midIngest: killed && !done && after.committed !== before.committed, finished: !killed || done, killed };
}
