import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parapet.js');

/** One JSON log line of a worker (pino), with the fields the worker tests read. */
export interface LogLine {
  msg: string;
  time?: number;
  pid?: number;
  instanceId?: string;
  stream?: string;
  jobStartedAt?: number;
  jobEndedAt?: number;
}

export interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Every log line so far (stderr, parsed). */
  lines: LogLine[];
  /** The exit code (null after a signal). */
  exited: Promise<number | null>;
  /** A stream job started and not yet finished. */
  midJob(): boolean;
}

/** Starts a real `parapet worker` process (node bin/parapet.js worker ...) logging JSON lines at info. */
export function startWorkerProcess(args: readonly string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [bin, 'worker', ...args], {
    env: { ...process.env, PARAPET_LOG_LEVEL: 'info', PARAPET_LOG_FORMAT: 'json', PARAPET_BACKFILL_DAYS: '7', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let rest = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ msg: part });
      }
    }
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const count = (re: RegExp) => lines.filter((l) => re.test(l.msg)).length;
  return { child, lines, exited, midJob: () => count(/^stream job started$/) > count(/^stream job (finished|failed)$/) };
}

/** For an exit-code assertion's message: each worker that did not exit 0, with its last log lines (why it failed). */
export function exitReport(workers: readonly WorkerProcess[], codes: readonly (number | null)[]): string {
  return workers
    .map((w, i) => (codes[i] === 0 ? '' : `worker ${i} (pid ${w.child.pid}) exited ${codes[i]}; its last lines:\n${w.lines.slice(-15).map((l) => JSON.stringify(l)).join('\n')}`))
    .filter(Boolean)
    .join('\n');
}

/** Polls `probe` every 100 ms until it gives a value (not undefined), or throws after `ms`. */
export async function within<T>(ms: number, what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Drops the job queue's schema of a test database (`<schema>_jobs`, made by the workers), then the database. */
export async function dropWorkerDatabase(databaseUrl: string, drop: () => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const { rows } = await admin.query<{ s: string }>('select current_schema() as s');
  await admin.query(`drop schema if exists ${pg.escapeIdentifier(`${rows[0]?.s}_jobs`)} cascade`);
  await admin.end();
  await drop();
}
