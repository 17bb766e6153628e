import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** One column of an ASN table: 32-bit values (IPv4 bounds, ASNs) or 64-bit halves (IPv6 bounds). */
export type AsnColumn = Uint32Array | BigUint64Array;

/** What parsing one ASN range CSV produced: its columns (first `length` values used) and its org names. */
export interface AsnIndex {
  length: number;
  columns: AsnColumn[];
  /** The first non-empty organisation name the file gives each ASN. */
  orgs: [number, string][];
}

const FORMAT = 'parapet-asn-index';
const VERSION = 1;

interface Header {
  format: string;
  version: number;
  /** The source file this index was built from, as `stat` saw it: any change rebuilds the index. */
  source: { size: number; mtimeMs: number; ino: number };
  length: number;
  columns: ('u32' | 'u64')[];
  orgsBytes: number;
}

/** The index sits beside its CSV: the same owner, so it is trusted exactly as far as the CSV is. */
export const asnIndexPath = (source: string): string => `${source}.parapet-index`;

const align8 = (n: number): number => Math.ceil(n / 8) * 8;
const widthOf = (kind: 'u32' | 'u64'): number => (kind === 'u32' ? 4 : 8);
const kindOf = (column: AsnColumn): 'u32' | 'u64' => (column instanceof Uint32Array ? 'u32' : 'u64');

function sourceKey(source: string): Header['source'] | null {
  try {
    const stat = statSync(source);
    return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
  } catch {
    return null;
  }
}

/**
 * The parsed table of `source`, read from its index if one was written for this very file (same size,
 * modification time and inode) with these column kinds; null otherwise (missing, stale or damaged), and
 * the caller parses the CSV. Parsing both CSVs (32 MB) took about 1.3 s in every process that enriches an
 * address (each `parapet sync`); reading their indexes takes about a fifth of that (bench/ip-memory-child.ts).
 */
export function readAsnIndex(source: string, kinds: readonly ('u32' | 'u64')[]): AsnIndex | null {
  const key = sourceKey(source);
  if (!key) return null;
  // Read straight into a fresh ArrayBuffer: the typed arrays below need its 8-byte-aligned offsets.
  let buffer: ArrayBuffer;
  try {
    buffer = readWhole(asnIndexPath(source));
  } catch {
    return null;
  }
  const file = Buffer.from(buffer);
  const newline = file.indexOf(0x0a);
  if (newline < 0 || newline > 4096) return null;
  let header: Header;
  try {
    header = JSON.parse(file.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    return null;
  }
  const sameSource = header.source?.size === key.size && header.source.mtimeMs === key.mtimeMs && header.source.ino === key.ino;
  const sameShape = header.columns?.length === kinds.length && header.columns.every((k, i) => k === kinds[i]);
  if (header.format !== FORMAT || header.version !== VERSION || !sameSource || !sameShape || !Number.isInteger(header.length)) return null;
  let offset = align8(newline + 1);
  const expected = header.columns.reduce((end, kind) => end + align8(header.length * widthOf(kind)), offset) + header.orgsBytes;
  if (file.length !== expected) return null;
  const columns = header.columns.map((kind) => {
    const column = kind === 'u32' ? new Uint32Array(buffer, offset, header.length) : new BigUint64Array(buffer, offset, header.length);
    offset += align8(header.length * widthOf(kind));
    return column;
  });
  let orgs: [number, string][];
  try {
    orgs = JSON.parse(file.subarray(offset).toString('utf8')) as [number, string][];
  } catch {
    return null;
  }
  return { length: header.length, columns, orgs };
}

function readWhole(path: string): ArrayBuffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(fstatSync(fd).size);
    for (let at = 0; at < bytes.length; ) {
      const read = readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) throw new Error(`${path} ended early`);
      at += read;
    }
    return bytes.buffer;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the index of `source` beside it (written to a temporary name, then renamed, so a reader never sees
 * half a file). Best effort: where the directory is read-only the next process parses the CSV again.
 */
export function writeAsnIndex(source: string, index: AsnIndex): void {
  const key = sourceKey(source);
  if (!key) return;
  const orgs = Buffer.from(JSON.stringify(index.orgs), 'utf8');
  const header: Header = { format: FORMAT, version: VERSION, source: key, length: index.length, columns: index.columns.map(kindOf), orgsBytes: orgs.length };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  const sizes = index.columns.map((column) => align8(index.length * column.BYTES_PER_ELEMENT));
  const out = Buffer.alloc(align8(head.length) + sizes.reduce((a, b) => a + b, 0) + orgs.length);
  head.copy(out, 0);
  let offset = align8(head.length);
  index.columns.forEach((column, i) => {
    out.set(new Uint8Array(column.buffer, column.byteOffset, index.length * column.BYTES_PER_ELEMENT), offset);
    offset += sizes[i] as number;
  });
  orgs.copy(out, offset);
  const target = asnIndexPath(source);
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, out);
    renameSync(temp, target);
  } catch {
    // A read-only install: no index, the CSV is parsed each time (correct, only slower).
    rmSync(temp, { force: true });
  }
}
