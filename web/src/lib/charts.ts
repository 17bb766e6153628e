import type { OverviewStats } from '../api/types.js';

/** [{day, provider, count}] → [{day, docusign: n, microsoft365: m}] for a stacked chart. */
export function pivotActivity(rows: OverviewStats['activityPerDay']): { data: Record<string, string | number>[]; providers: string[] } {
  const providers = [...new Set(rows.map((r) => r.provider))].sort();
  const byDay = new Map<string, Record<string, string | number>>();
  for (const row of rows) {
    const entry = byDay.get(row.day) ?? Object.fromEntries([['day', row.day], ...providers.map((p) => [p, 0])]);
    entry[row.provider] = Number(entry[row.provider] ?? 0) + row.count;
    byDay.set(row.day, entry);
  }
  return { data: [...byDay.values()].sort((a, b) => String(a.day).localeCompare(String(b.day))), providers };
}
