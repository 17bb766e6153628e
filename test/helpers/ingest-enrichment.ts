import type { Enricher } from '../../src/detection/enrichment/enricher.js';
import { ingestEnrichment } from '../../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../../src/detection/enrichment/open-enricher.js';
import type { IngestEnrichment } from '../../src/sync/stream-runner.js';

/**
 * One offline enricher for ingest and detection, wired as the composition root wires them (src/app/services.ts):
 * the sync stores each page's lookups on its activities, and detection reads those rows. A test that syncs
 * without `enrich` judges activities no production store holds.
 */
export function productionEnrichment(): { enricher: Enricher; enrich: IngestEnrichment } {
  const { enricher } = openEnricher({});
  return { enricher, enrich: ingestEnrichment(enricher) };
}
