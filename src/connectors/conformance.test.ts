import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConformance } from './sdk/conformance/conformance.js';
import { loadFixtures } from './sdk/conformance/load-fixtures.js';
import { connectors } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));

for (const connector of connectors) {
  describeConformance(connector, { fixtures: loadFixtures(join(here, connector.id, 'simulator', 'fixtures')) });
}
