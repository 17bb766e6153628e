import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'parapet.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs a shell command line and collects its output; `env` is added to the test's environment. */
export function shell(commandLine: string, env: Record<string, string>, shellPath = 'sh'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(shellPath, ['-c', commandLine], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `parapet <args>` as a shell word list. */
export function parapetLine(args: readonly string[]): string {
  return [process.execPath, bin, ...args].map(quote).join(' ');
}

/**
 * `parapet <args>` on a pseudo-terminal `columns` wide (util-linux `script`): stdout and stderr are the
 * terminal, so both arrive together in `stdout`, with the terminal's \r\n line ends.
 */
export function onTerminal(args: readonly string[], columns: number, env: Record<string, string>): Promise<Run> {
  return shell(`script -qec ${quote(`stty cols ${columns} rows 50; ${parapetLine(args)}`)} /dev/null`, env);
}

/** Terminal output as the lines a person sees: no \r, no colour codes. */
export function screenLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  return output.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.length > 0);
}

/** A Node stack trace or an unhandled error event, as a user would see it. */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|Unhandled 'error' event|node:internal|Error: write EPIPE/m;
