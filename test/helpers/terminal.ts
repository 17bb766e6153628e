import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectRun, type CliRun } from './parapet-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'parapet.js');

export type Run = CliRun;

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs a shell command line and collects its output; `env` is added to the test's environment. */
export function shell(commandLine: string, env: Record<string, string>, shellPath = 'sh'): Promise<Run> {
  return collectRun(spawn(shellPath, ['-c', commandLine], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
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
