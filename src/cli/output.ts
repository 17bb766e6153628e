/**
 * Everything the CLI writes to stdout goes through here: tables sized to the terminal, JSON and JSON
 * lines, colour only where it helps. Only cli/ writes to stdout.
 */

export interface OutputMode {
  /** `--jsonl`: arrays print one object per line. */
  jsonl: boolean;
  /** `--no-color` was given. */
  noColor: boolean;
}

const mode: OutputMode = { jsonl: false, noColor: false };

/** Set once per invocation, before the command runs (main's preAction hook). */
export function setOutputMode(next: Partial<OutputMode>): void {
  Object.assign(mode, next);
}

/** Colour on a terminal unless NO_COLOR (https://no-color.org) or `--no-color` says otherwise. */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true && !mode.noColor && !process.env.NO_COLOR;
}

/** `--json`: one JSON document. `--jsonl`: one object per line, written as it goes. */
export function printJson(value: unknown): void {
  if (!mode.jsonl) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    return;
  }
  for (const item of Array.isArray(value) ? value : [value]) process.stdout.write(JSON.stringify(item) + '\n');
}

export interface TableOptions {
  /** Columns to give up first when the terminal is too narrow, least useful first; then the rightmost go. */
  dropFirst?: readonly string[];
  /** Columns never truncated (times, addresses): a cut value there is worse than a dropped column. */
  keepWhole?: readonly string[];
  /** Terminal width; defaults to process.stdout.columns on a TTY. Piped output is never truncated. */
  width?: number;
}

const GAP = 2;
/** A column narrower than this (or its header) says too little to keep; drop a column instead. */
const MIN_COLUMN = 10;

/** A cell on one line: no newlines or tabs inside a row. */
function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' ');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : width <= 1 ? '…'.slice(0, width) : text.slice(0, width - 1) + '…';
}

/**
 * Columns that fit `width`: narrow columns keep their full width, the widest give way first (down to
 * their header), and when even that is too wide the least useful columns are dropped.
 */
export function fitColumns(
  columns: readonly string[],
  natural: readonly number[],
  width: number,
  { dropFirst = [], keepWhole = [] }: Pick<TableOptions, 'dropFirst' | 'keepWhole'> = {},
): { columns: string[]; widths: number[] } {
  const cols = columns.map((name, i) => {
    const full = natural[i] ?? 0;
    // A long column may lose up to half its width (at most down to MIN_COLUMN..24) before others are dropped.
    const readable = Math.max(name.length, MIN_COLUMN, Math.min(Math.ceil(full / 2), 24));
    return { name, width: full, min: keepWhole.includes(name) ? full : Math.min(full, readable) };
  });
  const total = () => cols.reduce((sum, c) => sum + c.width, 0) + GAP * Math.max(0, cols.length - 1);
  const minimum = () => cols.reduce((sum, c) => sum + c.min, 0) + GAP * Math.max(0, cols.length - 1);
  const dropOrder = [...dropFirst];
  while (cols.length > 1 && minimum() > width) {
    const next = dropOrder.shift();
    const index = next === undefined ? cols.length - 1 : cols.findIndex((c) => c.name === next);
    if (index >= 0) cols.splice(index, 1);
  }
  while (total() > width) {
    const widest = cols.filter((c) => c.width > c.min).sort((a, b) => b.width - a.width)[0];
    if (!widest) break;
    widest.width -= 1;
  }
  return { columns: cols.map((c) => c.name), widths: cols.map((c) => c.width) };
}

/**
 * On a terminal, a table that fits its width (long values end in "…"); piped, every value in full,
 * space-aligned, so `cut`, `awk` and `grep` see what the database holds.
 */
export function printTable(rows: readonly Record<string, unknown>[], columns?: readonly string[], options: TableOptions = {}): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  let cols = [...(columns ?? Object.keys(rows[0] ?? {}))];
  const text = rows.map((row) => Object.fromEntries(cols.map((c) => [c, cellText(row[c])])) as Record<string, string>);
  let widths = cols.map((c) => Math.max(c.length, ...text.map((r) => (r[c] ?? '').length)));
  const width = options.width ?? (process.stdout.isTTY ? process.stdout.columns : undefined);
  if (width !== undefined && width > 0) ({ columns: cols, widths } = fitColumns(cols, widths, width, options));
  const line = (values: string[]) =>
    values
      .map((v, i) => truncate(v, widths[i] ?? 0).padEnd(widths[i] ?? 0))
      .join(' '.repeat(GAP))
      .trimEnd();
  const header = line(cols.map((c) => c.toUpperCase()));
  process.stdout.write((colorEnabled() ? `\x1b[1m${header}\x1b[22m` : header) + '\n');
  for (const row of text) process.stdout.write(line(cols.map((c) => row[c] ?? '')) + '\n');
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Parses `7d`, `12h`, `30m` or an ISO date into epoch ms. */
export function parseSince(text: string, now: number): number {
  const relative = /^(\d+)\s*([dhm])$/.exec(text.trim());
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return now - Number(relative[1]) * unit;
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new UsageError(`--since "${text}" is not a duration (7d, 12h, 30m) or a date (2026-11-01)`);
  return parsed;
}

/** Wrong CLI input: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--expires 30d` / `12h` / a date: when a suppression or posture exception ends. */
export function parseExpiry(text: string, now: number): number {
  const relative = /^(\d+)\s*([dh])$/.exec(text.trim());
  if (relative) return now + Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new UsageError(`--expires "${text}" is not a duration (30d, 12h) or a date (2026-12-31)`);
  return parsed;
}
