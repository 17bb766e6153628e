import cliProgress from 'cli-progress';

/**
 * Progress on stderr for long work. On a terminal: live bars; elsewhere (CI, pipes): nothing but the
 * final summary the command prints itself.
 */
export class ProgressDisplay {
  private readonly multibar: cliProgress.MultiBar | null;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(enabled = process.stderr.isTTY === true) {
    this.multibar = enabled
      ? new cliProgress.MultiBar(
          { format: ' {label} |{bar}| {value} records, {pages} pages{suffix}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : null;
  }

  update(key: string, label: string, value: number, pages: number, total?: number): void {
    if (!this.multibar) return;
    let bar = this.bars.get(key);
    if (!bar) {
      bar = this.multibar.create(total ?? Math.max(value, 1), value, { label: label.padEnd(32), pages, suffix: '' });
      this.bars.set(key, bar);
    }
    if (!total && value > bar.getTotal()) bar.setTotal(value * 2);
    bar.update(value, { label: label.padEnd(32), pages, suffix: '' });
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
