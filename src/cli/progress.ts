import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

// cli-progress (and the string-width family under it) is loaded when a bar is first drawn, not by every
// command that can draw one: `parapet --help` imports those commands.
let loaded: typeof CliProgress | undefined;
const cliProgress = (): typeof CliProgress => (loaded ??= createRequire(import.meta.url)('cli-progress') as typeof CliProgress);

/**
 * Progress on stderr for long work. On a terminal: live bars; elsewhere (CI, pipes): nothing but the
 * final summary the command prints itself.
 */
export class ProgressDisplay {
  private readonly multibar: CliProgress.MultiBar | null;
  private readonly bars = new Map<string, CliProgress.SingleBar>();
  private readonly started = new Map<string, number>();

  constructor(enabled = process.stderr.isTTY === true) {
    this.multibar = enabled
      ? new (cliProgress().MultiBar)(
          { format: ' {label} |{bar}| {value} records, {pages} pages, {rate}/s{suffix}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream: process.stderr },
          cliProgress().Presets.shades_classic,
        )
      : null;
  }

  update(key: string, label: string, value: number, pages: number, total?: number): void {
    if (!this.multibar) return;
    let bar = this.bars.get(key);
    if (!bar) {
      bar = this.multibar.create(total ?? Math.max(value, 1), value, { label: label.padEnd(32), pages, rate: 0, suffix: '' });
      this.bars.set(key, bar);
      this.started.set(key, performance.now());
    }
    if (!total && value > bar.getTotal()) bar.setTotal(value * 2);
    bar.update(value, { label: label.padEnd(32), pages, rate: rate(value, this.started.get(key)), suffix: '' });
  }

  finish(key: string, value: number, suffix = ' done'): void {
    const bar = this.bars.get(key);
    if (!bar) return;
    bar.setTotal(Math.max(value, 1));
    bar.update(value, { suffix });
  }

  stop(): void {
    this.multibar?.stop();
  }
}

function rate(done: number, since: number | undefined): number {
  const seconds = since === undefined ? 0 : (performance.now() - since) / 1000;
  return seconds > 0.2 ? Math.round(done / seconds) : 0;
}

export interface ProgressBar {
  /** `total` when known (a bar and a time left), else a count and a rate. */
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * One bar for one long job (detect, backtest, key rotation) on stderr: count, rate and time left on a
 * terminal; nothing at all when stderr is piped or redirected.
 */
export function progressBar(label: string, unit: string, enabled = process.stderr.isTTY === true): ProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let bar: CliProgress.SingleBar | null = null;
  let started = 0;
  let counting = false;
  return {
    update(done, total) {
      if (!bar) {
        counting = total === undefined;
        const format = counting ? ` ${label} {value} ${unit}, {rate}/s` : ` ${label} |{bar}| {value}/{total} ${unit}, {rate}/s, {eta_formatted} left`;
        bar = new (cliProgress().SingleBar)({ format, stream: process.stderr, hideCursor: true, etaBuffer: 50 }, cliProgress().Presets.shades_classic);
        started = performance.now();
        bar.start(Math.max(total ?? done, 1), done, { rate: 0 });
        return;
      }
      if (counting) bar.setTotal(Math.max(done, 1));
      else if (total !== undefined) bar.setTotal(Math.max(total, 1));
      bar.update(done, { rate: rate(done, started) });
    },
    stop() {
      bar?.stop();
    },
  };
}
