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

/** Runs `parapet <args>` in a child process over a data directory (logs at warn). */
export function parapet(args: string[], dataDir: string): Promise<CliRun> {
  return collectRun(spawn(process.execPath, [bin, ...args], { env: { ...process.env, PARAPET_DATA_DIR: dataDir, PARAPET_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A child's exit code with everything it wrote to stdout and stderr. */
export function collectRun(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
