/** Plain-text tables and JSON for the CLI. Only cli/ writes to stdout. */

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) => values.map((v, i) => (v.length > (widths[i] ?? 0) ? v.slice(0, (widths[i] ?? 1) - 1) + '…' : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  process.stdout.write(line(cols.map((c) => c.toUpperCase())) + '\n');
  for (const row of rows) process.stdout.write(line(cols.map((c) => cell(row[c]))) + '\n');
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
