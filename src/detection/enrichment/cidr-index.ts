import { parseCidr, type ParsedIp } from './ip.js';

/**
 * CIDR ranges with a payload each, looked up by address. Ranges are grouped by prefix length, so a lookup
 * is one map probe per distinct length present (a handful), whatever the number of ranges: a 100k-line
 * threat feed costs the same per lookup as ten admin ranges. Overlapping ranges all match.
 */
export class CidrIndex<T> {
  private readonly v4 = new Map<number, Map<number, T[]>>();
  private readonly v6 = new Map<number, Map<bigint, T[]>>();
  private v4Bits: number[] = [];
  private v6Bits: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a range; false when `cidr` is not an address or CIDR. */
  add(cidr: string, payload: T): boolean {
    const range = parseCidr(cidr);
    if (!range) return false;
    if (range.version === 4) {
      const bits = 32 - Math.round(Math.log2(range.end - range.start + 1));
      push(this.v4, bits, range.start, payload);
      this.v4Bits = [...this.v4.keys()].sort((a, b) => b - a);
    } else {
      const bits = 128 - ((range.end - range.start + 1n).toString(2).length - 1);
      push(this.v6, bits, range.start, payload);
      this.v6Bits = [...this.v6.keys()].sort((a, b) => b - a);
    }
    this.count++;
    return true;
  }

  /** Every payload whose range holds `ip`, most specific range first. */
  match(ip: ParsedIp): T[] {
    const out: T[] = [];
    if (ip.version === 4) {
      for (const bits of this.v4Bits) {
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        const hit = this.v4.get(bits)?.get((ip.value & mask) >>> 0);
        if (hit) out.push(...hit);
      }
    } else {
      for (const bits of this.v6Bits) {
        const host = BigInt(128 - bits);
        const hit = this.v6.get(bits)?.get((ip.value >> host) << host);
        if (hit) out.push(...hit);
      }
    }
    return out;
  }
}

function push<K>(byBits: Map<number, Map<K, unknown[]>>, bits: number, key: K, payload: unknown): void {
  let networks = byBits.get(bits);
  if (!networks) byBits.set(bits, (networks = new Map()));
  const list = networks.get(key);
  if (list) list.push(payload);
  else networks.set(key, [payload]);
}
