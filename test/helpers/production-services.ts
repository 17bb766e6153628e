import pino from 'pino';
import { createServices, type AppServices } from '../../src/app/services.js';
import type { Clock } from '../../src/core/clock.js';
import { loadNetworkList } from '../../src/detection/enrichment/anonymizer-list.js';
import { AsnDatabase } from '../../src/detection/enrichment/asn-db.js';
import { Enricher, IntelIndex } from '../../src/detection/enrichment/enricher.js';
import { GeoDatabase } from '../../src/detection/enrichment/geo-db.js';
import { resolveIntelFiles } from '../../src/detection/enrichment/intel-files.js';

/**
 * The composition root (src/app/services.ts) as `parapet sync` builds it, over a test's store: ingest
 * enrichment, the durable detection consumer after each committed page, governance for policies' actions,
 * posture after settings syncs. Tests that judge what the product raises sync through this, so they judge
 * the rows and the wiring production has. `close()` stores held detection state, then the store.
 */
export function productionServices(options: { dataDir: string; databaseUrl?: string | undefined; clock: Clock; backfillDays?: number }): AppServices {
  const services = createServices({
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
  // The enricher the composition root would open (the packaged databases: a test's data folder holds no newer
  // ones), over databases opened once per test process: opening them is about 0.6 s a run.
  let enricher: Promise<Enricher> | undefined;
  services.enricher = () => (enricher ??= Promise.resolve(new Enricher({ ...openedDatabases(), networks: loadNetworkList(), intel: IntelIndex.build([], []) })));
  return services;
}

let databases: { geo: GeoDatabase; asn: AsnDatabase } | undefined;

function openedDatabases(): { geo: GeoDatabase; asn: AsnDatabase } {
  const files = resolveIntelFiles(null);
  return (databases ??= { geo: new GeoDatabase(files.geo), asn: new AsnDatabase(files.asn) });
}
