import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartupResult {
  command: string;
  /** Median wall time of the command, in ms. */
  ms: number;
  /** Median wall time of `node -e ''` measured in the same run, in ms. */
  nodeMs: number;
  ratio: number;
}

function medianMs(args: string[], env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * (h) Start-up: how long `parapet --help` and `parapet connectors` take, as a ratio to a bare `node -e ''`
 * measured alongside (the compiled tree is built once before timing, as `npm install` does).
 */
export function benchStartup(runs = 7): StartupResult[] {
  const dataDir = mkdtempSync(join(tmpdir(), 'parapet-bench-startup-'));
  const env = { ...process.env, PARAPET_DATA_DIR: dataDir, PARAPET_LOG_LEVEL: 'warn' };
  try {
    medianMs(['bin/parapet.js', '--version'], env, 1); // builds .build/ if the sources changed
    const nodeMs = medianMs(['-e', ''], env, runs);
    return [['--help'], ['connectors']].map((args) => {
      const ms = medianMs(['bin/parapet.js', ...args], env, runs);
      return { command: `parapet ${args.join(' ')}`, ms, nodeMs, ratio: ms / nodeMs };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
