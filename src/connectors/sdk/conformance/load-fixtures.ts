import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every raw record in a simulator's fixtures folder. A file holds one record, an array of records, or a
 * provider page whose `data` / `resultData` / `value` array holds them.
 */
export function loadFixtures(dir: string): unknown[] {
  if (!existsSync(dir)) return [];
  const records: unknown[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    if (Array.isArray(content)) {
      records.push(...(content as unknown[]));
      continue;
    }
    if (content && typeof content === 'object') {
      const page = content as Record<string, unknown>;
      const list = [page.data, page.resultData, page.value].find((v) => Array.isArray(v));
      if (list) records.push(...(list as unknown[]));
      else records.push(content);
    }
  }
  return records;
}
