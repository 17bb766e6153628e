import { AsnDatabase } from './asn-db.js';
import { loadNetworkList } from './anonymizer-list.js';
import { Enricher, IntelIndex, type IndicatorEntry, type IpRangeEntry } from './enricher.js';
import { GeoDatabase } from './geo-db.js';
import { resolveIntelFiles, type IntelFiles } from './intel-files.js';

export interface OpenEnricherOptions {
  /** Data directory whose `intel/` folder may hold newer databases. @default null (packaged files only) */
  dataDir?: string | null;
  ranges?: readonly IpRangeEntry[];
  indicators?: readonly IndicatorEntry[];
  /** Look addresses up in the city and ASN databases. @default true */
  lookups?: boolean;
}

/** An enricher over the offline databases (opened lazily on first need) and the curated network list. */
export function openEnricher(options: OpenEnricherOptions = {}): { enricher: Enricher; files: IntelFiles; asn: AsnDatabase | null } {
  const files = resolveIntelFiles(options.dataDir ?? null);
  const lookups = options.lookups ?? true;
  const asn = lookups ? new AsnDatabase(files.asn) : null;
  const enricher = new Enricher({
    geo: lookups ? new GeoDatabase(files.geo) : null,
    asn,
    networks: loadNetworkList(),
    intel: IntelIndex.build(options.ranges ?? [], options.indicators ?? []),
  });
  return { enricher, files, asn };
}
