import pino from 'pino';
import { createServices, type AppServices } from '../../src/app/services.js';
import type { Clock } from '../../src/core/clock.js';

/**
 * The composition root (src/app/services.ts) as `parapet sync` builds it, over a test's store: ingest
 * enrichment, the durable detection consumer after each committed page, governance for policies' actions,
 * posture after settings syncs. Tests that judge what the product raises sync through this, so they judge
 * the rows and the wiring production has. `close()` stores held detection state, then the store.
 */
export function productionServices(options: { dataDir: string; databaseUrl?: string | undefined; clock: Clock; backfillDays?: number }): AppServices {
  return createServices({
    env: {
      PARAPET_DATA_DIR: options.dataDir,
      PARAPET_BACKFILL_DAYS: String(options.backfillDays ?? 30),
      ...(options.databaseUrl ? { PARAPET_DATABASE_URL: options.databaseUrl } : {}),
    },
    clock: options.clock,
    logger: pino({ level: 'silent' }),
    // As the CLI opens it: the connectors of the stored connections (create them before opening the sync).
    connectors: 'stored',
  });
}
