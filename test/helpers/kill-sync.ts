import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '../../src/store/sqlite.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parapet.js');

/** What the parent sees of the child's activity ingest, read from the same SQLite file (WAL allows it). */
interface IngestState {
  /** Activities stored plus every checkpoint written: grows with each committed activity page. */
  committed: string;
  /** When an incremental stream was last marked done. */
  lastSuccessAt: number;
}

function ingestState(file: string, instanceName: string, streams: readonly string[]): IngestState {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const id = (db.prepare('SELECT id FROM connector_instances WHERE name = ?').get([instanceName]) as { id: string }).id;
    const count = (db.prepare('SELECT count(*) AS n FROM activities WHERE connector_instance_id = ?').get([id]) as { n: number }).n;
    const rows = db
      .prepare(`SELECT stream, checkpoint, last_success_at FROM stream_states WHERE connector_instance_id = ? AND stream IN (${streams.map(() => '?').join(',')}) ORDER BY stream`)
      .all([id, ...streams]) as { stream: string; checkpoint: string | null; last_success_at: number | null }[];
    return {
      // A stream's state row appears (checkpoint still empty) before its first page: that is not a commit.
      committed: `${count}|${rows
        .filter((r) => r.checkpoint)
        .map((r) => `${r.stream}=${r.checkpoint}`)
        .join('|')}`,
      lastSuccessAt: Math.max(0, ...rows.map((r) => Number(r.last_success_at ?? 0))),
    };
  } finally {
    db.close();
  }
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
export async function syncAndKill(dataDir: string, name: string, streams: readonly string[], delayMs: number | null): Promise<KillOutcome> {
  const file = join(dataDir, 'parapet.db');
  const before = ingestState(file, name, streams);
  const child = spawn(process.execPath, [bin, 'sync', name], {
    env: { ...process.env, PARAPET_DATA_DIR: dataDir, PARAPET_LOG_LEVEL: 'silent' },
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
      const now = ingestState(file, name, streams);
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
  const after = ingestState(file, name, streams);
  const done = after.lastSuccessAt > before.lastSuccessAt;
  return { midIngest: killed && !done && after.committed !== before.committed, finished: !killed || done, killed };
}
