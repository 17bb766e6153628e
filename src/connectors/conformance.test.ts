import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConformance } from './sdk/conformance/conformance.js';
import { loadFixtures } from './sdk/conformance/load-fixtures.js';
import { connectors } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Microsoft 365's sign-in log allows 5 requests per 10 s: pages of 300 keep its reads from waiting on that
 * limit for minutes while content blobs and sign-in pages still give several commit points.
 */
const PAGE_SIZES: Record<string, number> = { microsoft365: 300, okta: 100 };
const RESUME_REDELIVERS: Record<string, string> = {
  microsoft365: 'Graph lists sign-ins newest first, so their part of the checkpoint moves only once a whole window was read',
};

for (const connector of connectors) {
  describeConformance(connector, { fixtures: loadFixtures(join(here, connector.id, 'simulator', 'fixtures')), pageSize: PAGE_SIZES[connector.id] ?? 50,
    ...(RESUME_REDELIVERS[connector.id] ? { resumeRedelivers: RESUME_REDELIVERS[connector.id] } : {}),
  });
}
