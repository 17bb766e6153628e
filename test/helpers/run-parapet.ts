import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parapet.js');

export interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `parapet` binary in a child process against `dataDir`, with `stdin` piped in. */
export function runParapet(args: string[], options: { dataDir: string; stdin?: string; env?: Record<string, string>; logLevel?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, PARAPET_DATA_DIR: options.dataDir, PARAPET_LOG_LEVEL: options.logLevel ?? 'warn', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ args, code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
