import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { readAsnIndex, writeAsnIndex } from './asn-index.js';
import { ipv4ToNumber, ipv6ToBigInt, type ParsedIp } from './ip.js';

/** An address's autonomous system. */
export interface AsnInfo {
  asn: number;
  org: string | null;
}

/** Where the ASN ranges come from: CSV files as `@ip-location-db/asn` ships them (numeric or dotted). */
export interface AsnSources {
  ipv4: string | null;
  ipv6: string | null;
}

interface V4Table {
  starts: Uint32Array;
  ends: Uint32Array;
  asns: Uint32Array;
  length: number;
}

interface V6Table {
  startHi: BigUint64Array;
  startLo: BigUint64Array;
  endHi: BigUint64Array;
  endLo: BigUint64Array;
  asns: Uint32Array;
  length: number;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * IP → ASN from the CSV ranges of `@ip-location-db/asn` (`start,end,asn,org`, inclusive, sorted by start).
 * There is no ASN mmdb on npm, so the ranges are read into compact sorted typed arrays (IPv4: three
 * Uint32Arrays, ~5 MB for 412k ranges; IPv6: 128-bit bounds as BigUint64 halves) with the organisation
 * names interned once per ASN, and looked up by binary search. Each family loads on its first lookup, from
 * the index the first parse wrote beside the CSV (asn-index.ts) while that CSV is unchanged.
 */
export class AsnDatabase {
  private v4: V4Table | null = null;
  private v6: V6Table | null = null;
  private readonly orgs = new Map<number, string>();
  private readonly origins: Record<4 | 6, 'index' | 'csv' | null> = { 4: null, 6: null };

  constructor(private readonly sources: AsnSources) {}

  lookup(ip: ParsedIp): AsnInfo | null {
    if (ip.version === 4) {
      const table = (this.v4 ??= this.loadV4());
      const i = searchV4(table, ip.value);
      if (i < 0) return null;
      const asn = table.asns[i] as number;
      return { asn, org: this.orgs.get(asn) ?? null };
    }
    const table = (this.v6 ??= this.loadV6());
    const i = searchV6(table, ip.value);
    if (i < 0) return null;
    const asn = table.asns[i] as number;
    return { asn, org: this.orgs.get(asn) ?? null };
  }

  /** Organisation name of an ASN, as the database spells it (after a lookup loaded the table). */
  orgOf(asn: number): string | null {
    return this.orgs.get(asn) ?? null;
  }

  /** Loads both families now rather than on first use (bench, long-running servers). */
  preload(): { ipv4Ranges: number; ipv6Ranges: number } {
    this.v4 ??= this.loadV4();
    this.v6 ??= this.loadV6();
    return { ipv4Ranges: this.v4.length, ipv6Ranges: this.v6.length };
  }

  /** Where each family's table came from once loaded: its index file or a parse of the CSV. */
  loadedFrom(family: 4 | 6): 'index' | 'csv' | null {
    return this.origins[family];
  }

  private loadV4(): V4Table {
    const source = this.sources.ipv4;
    const indexed = source ? readAsnIndex(source, ['u32', 'u32', 'u32']) : null;
    if (indexed) {
      const [starts, ends, asns] = indexed.columns as [Uint32Array, Uint32Array, Uint32Array];
      this.adoptOrgs(indexed.orgs, 4, 'index');
      return { starts, ends, asns, length: indexed.length };
    }
    const lines = this.readLines(source, 'IPv4');
    const starts = new Uint32Array(lines.length);
    const ends = new Uint32Array(lines.length);
    const asns = new Uint32Array(lines.length);
    const orgs = new Map<number, string>();
    let n = 0;
    for (const line of lines) {
      const row = splitRow(line);
      if (!row) continue;
      const start = row[0].includes('.') ? ipv4ToNumber(row[0]) : Number(row[0]);
      const end = row[1].includes('.') ? ipv4ToNumber(row[1]) : Number(row[1]);
      const asn = Number(row[2]);
      if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isInteger(asn)) continue;
      starts[n] = start;
      ends[n] = end;
      asns[n] = asn;
      firstOrg(orgs, asn, row[3]);
      n++;
    }
    const named = [...orgs];
    this.adoptOrgs(named, 4, 'csv');
    if (source) writeAsnIndex(source, { length: n, columns: [starts, ends, asns], orgs: named });
    return { starts, ends, asns, length: n };
  }

  private loadV6(): V6Table {
    const source = this.sources.ipv6;
    const indexed = source ? readAsnIndex(source, ['u64', 'u64', 'u64', 'u64', 'u32']) : null;
    if (indexed) {
      const [startHi, startLo, endHi, endLo, asns] = indexed.columns as [BigUint64Array, BigUint64Array, BigUint64Array, BigUint64Array, Uint32Array];
      this.adoptOrgs(indexed.orgs, 6, 'index');
      return { startHi, startLo, endHi, endLo, asns, length: indexed.length };
    }
    const lines = this.readLines(source, 'IPv6');
    const table: V6Table = {
      startHi: new BigUint64Array(lines.length),
      startLo: new BigUint64Array(lines.length),
      endHi: new BigUint64Array(lines.length),
      endLo: new BigUint64Array(lines.length),
      asns: new Uint32Array(lines.length),
      length: 0,
    };
    const orgs = new Map<number, string>();
    for (const line of lines) {
      const row = splitRow(line);
      if (!row) continue;
      let start: bigint;
      let end: bigint;
      try {
        start = row[0].includes(':') ? ipv6ToBigInt(row[0]) : BigInt(row[0]);
        end = row[1].includes(':') ? ipv6ToBigInt(row[1]) : BigInt(row[1]);
      } catch {
        continue; // a malformed row in an admin-supplied file: skip it, the rest still load
      }
      const asn = Number(row[2]);
      if (!Number.isInteger(asn)) continue;
      const n = table.length++;
      table.startHi[n] = start >> 64n;
      table.startLo[n] = start & MASK64;
      table.endHi[n] = end >> 64n;
      table.endLo[n] = end & MASK64;
      table.asns[n] = asn;
      firstOrg(orgs, asn, row[3]);
    }
    const named = [...orgs];
    this.adoptOrgs(named, 6, 'csv');
    if (source) writeAsnIndex(source, { length: table.length, columns: [table.startHi, table.startLo, table.endHi, table.endLo, table.asns], orgs: named });
    return table;
  }

  /** The first family loaded names an ASN; the other only fills in the ASNs it lacks. */
  private adoptOrgs(orgs: readonly [number, string][], family: 4 | 6, from: 'index' | 'csv'): void {
    for (const [asn, org] of orgs) if (!this.orgs.has(asn)) this.orgs.set(asn, org);
    this.origins[family] = from;
  }

  private readLines(path: string | null, family: string): string[] {
    if (!path) return [];
    try {
      return readFileSync(path, 'utf8').split('\n');
    } catch (error) {
      throw new ConfigError(
        `Cannot read the ${family} ASN ranges at ${path}: ${(error as Error).message}. Reinstall @ip-location-db/asn or run \`parapet intel update --from <file>\`.`,
        { cause: error },
      );
    }
  }
}

/** Keeps the file's first non-empty name of an ASN, copied: a slice would keep the whole file's string alive. */
function firstOrg(orgs: Map<number, string>, asn: number, org: string): void {
  if (org !== '' && !orgs.has(asn)) orgs.set(asn, Buffer.from(org, 'utf8').toString('utf8'));
}

/** `start,end,asn,org` where org may be quoted with `""` escapes. Null for blank or short lines. */
function splitRow(line: string): [string, string, string, string] | null {
  const c1 = line.indexOf(',');
  const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
  const c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
  if (c1 < 0 || c2 < 0) return null;
  const asnText = c3 < 0 ? line.slice(c2 + 1) : line.slice(c2 + 1, c3);
  let org = c3 < 0 ? '' : line.slice(c3 + 1).trim();
  if (org.startsWith('"') && org.endsWith('"') && org.length >= 2) org = org.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, c1).trim(), line.slice(c1 + 1, c2).trim(), asnText.trim(), org];
}

/** Index of the range holding `ip`, or -1. Ranges are sorted by start; the rare overlap is checked one back. */
function searchV4(t: V4Table, ip: number): number {
  let lo = 0;
  let hi = t.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.starts[mid] as number) <= ip) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 2; i--) if ((t.ends[i] as number) >= ip) return i;
  return -1;
}

function searchV6(t: V6Table, ip: bigint): number {
  const hiPart = ip >> 64n;
  const loPart = ip & MASK64;
  const le = (aHi: bigint, aLo: bigint) => aHi < hiPart || (aHi === hiPart && aLo <= loPart);
  const ge = (aHi: bigint, aLo: bigint) => aHi > hiPart || (aHi === hiPart && aLo >= loPart);
  let lo = 0;
  let hi = t.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (le(t.startHi[mid] as bigint, t.startLo[mid] as bigint)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 2; i--) if (ge(t.endHi[i] as bigint, t.endLo[i] as bigint)) return i;
  return -1;
}
