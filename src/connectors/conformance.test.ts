import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConformance } from './sdk/conformance/conformance.js';
import { connectors } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Every raw record in a connector's simulator fixtures (a file holds a record, an array, or a page of them). */
function loadFixtures(provider: string): unknown[] {
  const dir = join(here, provider, 'simulator', 'fixtures');
  if (!existsSync(dir)) return [];
  const records: unknown[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    if (Array.isArray(content)) records.push(...(content as unknown[]));
    else if (content && typeof content === 'object') {
      const page = content as Record<string, unknown>;
      const list = page.data ?? page.resultData ?? page.value;
      if (Array.isArray(list)) records.push(...(list as unknown[]));
      else records.push(content);
    }
  }
  return records;
}

for (const connector of connectors) {
  describeConformance(connector, { fixtures: loadFixtures(connector.id) });
}
