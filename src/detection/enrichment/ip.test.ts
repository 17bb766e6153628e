import { describe, expect, it } from 'vitest';
import { CidrIndex } from './cidr-index.js';
import { canonicalCidr, isNonRoutable, parseCidr, parseIp } from './ip.js';

describe('parseIp', () => {
  it('reads IPv4, IPv6, ports, brackets and IPv4-mapped IPv6', () => {
    expect(parseIp('81.2.69.160')).toEqual({ version: 4, value: 1359103392, text: '81.2.69.160' });
    expect(parseIp(' 81.2.69.160:5678 ')?.text).toBe('81.2.69.160');
    expect(parseIp('[2001:db8::1]:443')).toMatchObject({ version: 6, text: '2001:db8::1' });
    expect(parseIp('::ffff:81.2.69.160')).toMatchObject({ version: 4, text: '81.2.69.160' });
    expect(parseIp('2a02:c7f:1234::1')?.version).toBe(6);
  });
  it('returns null for missing and malformed input rather than throwing', () => {
    for (const bad of [null, undefined, '', '  ', 'not-an-ip', '999.1.1.1', '1.2.3', 'fe80::1::2', '<script>']) expect(parseIp(bad)).toBeNull();
  });
});

describe('CIDR', () => {
  it('parses, canonicalises and matches v4 and v6 ranges', () => {
    expect(canonicalCidr('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('2001:db8:abcd::5/48')).toBe('2001:db8:abcd::/48');
    expect(canonicalCidr('1.2.3.4')).toBe('1.2.3.4');
    expect(canonicalCidr('1.2.3.4/33')).toBeNull();
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, start: 0, end: 0xffffffff });
  });
  it('tells private, CGNAT, link-local and documentation addresses from routable ones', () => {
    for (const ip of ['10.0.0.1', '192.168.1.5', '172.20.0.1', '100.64.3.3', '127.0.0.1', '169.254.1.1', 'fd00::1', 'fe80::1', '::1', '2001:db8::1']) {
      expect(isNonRoutable(parseIp(ip)!), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '81.2.69.160', '2a00:1450:4001:80b::200e']) expect(isNonRoutable(parseIp(ip)!), ip).toBe(false);
  });
  it('indexes overlapping ranges and returns the most specific first', () => {
    const index = new CidrIndex<string>();
    index.add('10.0.0.0/8', 'corp');
    index.add('10.1.0.0/16', 'vpn');
    index.add('2001:db8::/32', 'v6');
    index.add('198.51.100.7', 'host');
    expect(index.add('nonsense', 'x')).toBe(false);
    expect(index.match(parseIp('10.1.2.3')!)).toEqual(['vpn', 'corp']);
    expect(index.match(parseIp('10.2.2.3')!)).toEqual(['corp']);
    expect(index.match(parseIp('2001:db8:1::9')!)).toEqual(['v6']);
    expect(index.match(parseIp('198.51.100.7')!)).toEqual(['host']);
    expect(index.match(parseIp('198.51.100.8')!)).toEqual([]);
  });
});
