import { describe, expect, it } from 'vitest';
import { AsnDatabase } from './asn-db.js';
import { loadNetworkList } from './anonymizer-list.js';
import { GeoDatabase } from './geo-db.js';
import { resolveIntelFiles } from './intel-files.js';
import { parseIp } from './ip.js';

// These read the real npm data packages: nothing is downloaded.
const files = resolveIntelFiles(null);

describe('offline databases', () => {
  it('finds the packaged files', () => {
    expect(files.origin).toEqual({ geoIpv4: 'package', geoIpv6: 'package', asnIpv4: 'package', asnIpv6: 'package' });
  });

  it('looks up city and coordinates for IPv4 and IPv6 (DB-IP Lite)', async () => {
    const geo = new GeoDatabase(files.geo);
    expect(geo.lookup(parseIp('81.2.69.160')!)).toBeNull(); // not prepared yet: no surprise file read
    await geo.prepare(4);
    await geo.prepare(6);
    const london = geo.lookup(parseIp('81.2.69.160')!);
    expect(london).toMatchObject({ country: 'GB', city: 'London' });
    expect(london?.lat).toBeCloseTo(51.5, 0);
    expect(geo.lookup(parseIp('2001:4860:4860::8888')!)?.country).toMatch(/^[A-Z]{2}$/);
    expect(geo.lookup(parseIp('10.0.0.1')!)).toBeNull();
  });

  it('looks up ASNs from the CSV ranges in compact arrays, IPv4 and IPv6', () => {
    const asn = new AsnDatabase(files.asn);
    expect(asn.lookup(parseIp('1.1.1.1')!)).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(asn.lookup(parseIp('169.150.223.181')!)?.asn).toBe(60068);
    expect(asn.lookup(parseIp('2001:4860:4860::8888')!)?.asn).toBe(15169);
    expect(asn.lookup(parseIp('0.0.0.1')!)).toBeNull();
    const counts = asn.preload();
    expect(counts.ipv4Ranges).toBeGreaterThan(100_000);
    expect(counts.ipv6Ranges).toBeGreaterThan(10_000);
  });

  it('ships a curated network list whose names match the ASN database (parity with the reference data)', () => {
    const list = loadNetworkList();
    const asn = new AsnDatabase(files.asn);
    asn.preload();
    expect(list.byAsn.size).toBeGreaterThan(40);
    const kinds = new Set([...list.byAsn.values()].map((e) => e.kind));
    expect(kinds).toEqual(new Set(['vpn', 'relay', 'hosting', 'cloud', 'mobile', 'secure-proxy', 'inflight']));
    const mismatched = [...list.byAsn.values()].filter((e) => asn.orgOf(e.asn) !== e.asOrg).map((e) => `AS${e.asn}: list "${e.asOrg}", db "${asn.orgOf(e.asn)}"`);
    expect(mismatched).toEqual([]);
  });
});
