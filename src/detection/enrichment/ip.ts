import { isIPv4, isIPv6 } from 'node:net';

/** A parsed address: IPv4 as a 32-bit unsigned number, IPv6 as a 128-bit bigint. */
export type ParsedIp = { version: 4; value: number; text: string } | { version: 6; value: bigint; text: string };

/** An inclusive address range, e.g. from a CIDR. */
export type IpRange = { version: 4; start: number; end: number } | { version: 6; start: bigint; end: bigint };

/**
 * Parses an address as providers send it: surrounding spaces, `[v6]:port`, `v4:port` and IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`, read as the IPv4 address) are accepted. Anything else is null, never an exception.
 */
export function parseIp(input: string | null | undefined): ParsedIp | null {
  if (typeof input !== 'string') return null;
  let text = input.trim();
  if (text === '') return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1] as string;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone > 0) text = text.slice(0, zone);
  if (isIPv4(text)) return { version: 4, value: ipv4ToNumber(text), text };
  if (isIPv6(text)) {
    const value = ipv6ToBigInt(text);
    // IPv4-mapped (::ffff:a.b.c.d): the same host as the IPv4 address; look it up as one.
    if (value >> 32n === 0xffffn) {
      const v4 = Number(value & 0xffffffffn);
      return { version: 4, value: v4, text: numberToIpv4(v4) };
    }
    return { version: 6, value, text: text.toLowerCase() };
  }
  return null;
}

export function ipv4ToNumber(text: string): number {
  const parts = text.split('.');
  return ((Number(parts[0]) << 24) >>> 0) + (Number(parts[1]) << 16) + (Number(parts[2]) << 8) + Number(parts[3]);
}

export function numberToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Expands `::`, embedded IPv4 tails and leading zeros into a 128-bit value. Input must be valid IPv6. */
export function ipv6ToBigInt(text: string): bigint {
  let address = text;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToNumber(tail);
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = address.split('::') as [string, string | undefined];
  const headParts = head === '' ? [] : head.split(':');
  const restParts = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? headParts : [...headParts, ...new Array<string>(8 - headParts.length - restParts.length).fill('0'), ...restParts];
  let value = 0n;
  for (const group of groups) value = (value << 16n) + BigInt(parseInt(group, 16));
  return value;
}

/** Parses `a.b.c.d/n`, `v6::/n` or a bare address (a /32 or /128). Null when it is neither. */
export function parseCidr(input: string): IpRange | null {
  const text = input.trim();
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bitsText = slash < 0 ? null : text.slice(slash + 1);
  if (bitsText !== null && !/^\d{1,3}$/.test(bitsText)) return null;
  // An IPv4-mapped IPv6 CIDR keeps its IPv6 prefix length; translate it to the IPv4 one.
  const mappedV6 = slash >= 0 && ip.version === 4 && text.includes(':');
  const maxBits = ip.version === 4 ? 32 : 128;
  let bits = bitsText === null ? maxBits : Number(bitsText);
  if (mappedV6) bits -= 96;
  if (bits < 0 || bits > maxBits) return null;
  if (ip.version === 4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const start = (ip.value & mask) >>> 0;
    return { version: 4, start, end: (start | (~mask >>> 0)) >>> 0 };
  }
  const hostBits = BigInt(128 - bits);
  const start = (ip.value >> hostBits) << hostBits;
  return { version: 6, start, end: start | ((1n << hostBits) - 1n) };
}

/** Canonical text of a CIDR (network address, prefix length), or null if it does not parse. */
export function canonicalCidr(input: string): string | null {
  const range = parseCidr(input);
  if (!range) return null;
  if (range.version === 4) {
    const size = range.end - range.start + 1;
    const bits = 32 - Math.round(Math.log2(size));
    return bits === 32 ? numberToIpv4(range.start) : `${numberToIpv4(range.start)}/${bits}`;
  }
  const size = range.end - range.start + 1n;
  const bits = 128 - (size.toString(2).length - 1);
  const text = bigIntToIpv6(range.start);
  return bits === 128 ? text : `${text}/${bits}`;
}

export function bigIntToIpv6(value: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

export function rangeContains(range: IpRange, ip: ParsedIp): boolean {
  if (range.version === 4 && ip.version === 4) return ip.value >= range.start && ip.value <= range.end;
  if (range.version === 6 && ip.version === 6) return ip.value >= range.start && ip.value <= range.end;
  return false;
}

const PRIVATE_V4: readonly IpRange[] = [
  '0.0.0.0/8', // "this" network
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24', // documentation
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/3', // multicast and reserved
].map((c) => parseCidr(c) as IpRange);

const PRIVATE_V6: readonly IpRange[] = ['::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '64:ff9b:1::/48'].map(
  (c) => parseCidr(c) as IpRange,
);

/**
 * True for addresses that say nothing about where a person is: private (RFC 1918, ULA), loopback,
 * link-local, carrier-grade NAT, documentation and multicast ranges. Detection never geolocates them.
 */
export function isNonRoutable(ip: ParsedIp): boolean {
  const ranges = ip.version === 4 ? PRIVATE_V4 : PRIVATE_V6;
  return ranges.some((r) => rangeContains(r, ip));
}
