import { statSync } from 'node:fs';
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
  const databases = lookups ? databasesOver(files) : null;
  const asn = databases?.asn ?? null;
  const enricher = new Enricher({
    geo: databases?.geo ?? null,
    asn,
    networks: loadNetworkList(),
    intel: IntelIndex.build(options.ranges ?? [], options.indicators ?? []),
  });
  return { enricher, files, asn };
}

/**
 * The databases opened in this process, by their files' paths, with the files' versions they were opened at:
 * every enricher over the same files shares them. They are read-only, and each opening costs about 0.6 s and
 * 130 MB (the API opens an enricher per policy backtest; tests open one per store). A file replaced (`parapet
 * intel update`) is opened afresh and takes the old databases' place, so a long-running server holds one set.
 */
const opened = new Map<string, { version: string; geo: GeoDatabase; asn: AsnDatabase }>();

function databasesOver(files: IntelFiles): { geo: GeoDatabase; asn: AsnDatabase } {
  const paths = [files.geo.ipv4, files.geo.ipv6, files.asn.ipv4, files.asn.ipv6];
  const key = JSON.stringify(paths);
  const version = JSON.stringify(paths.map(versionOf));
  let databases = opened.get(key);
  if (databases?.version !== version) opened.set(key, (databases = { version, geo: new GeoDatabase(files.geo), asn: new AsnDatabase(files.asn) }));
  return databases;
}

/** A file's size and modification time (null: no such file). */
function versionOf(path: string | null): string | null {
  if (path === null) return null;
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : null;
}
