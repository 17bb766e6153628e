import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parapet.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `parapet <args>` in a child process over a data directory (logs at warn), and with `databaseUrl` (a
 * PostgreSQL schema of the test matrix: test/helpers/dialects.ts) over that database.
 */
export function parapet(args: string[], dataDir: string, databaseUrl?: string): Promise<CliRun> {
  const env = { ...process.env, PARAPET_DATA_DIR: dataDir, PARAPET_LOG_LEVEL: 'warn', ...(databaseUrl ? { PARAPET_DATABASE_URL: databaseUrl } : {}) };
  return collectRun(spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A child's exit code with everything it wrote to stdout and stderr. */
export function collectRun(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    // Decoded as text streams, so a character whose bytes arrive in two chunks stays whole; 'close' comes
    // after both pipes drained, 'exit' may come before.
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
