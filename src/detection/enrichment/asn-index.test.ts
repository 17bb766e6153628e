import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { AsnDatabase } from './asn-db.js';
import { asnIndexPath } from './asn-index.js';
import { parseIp } from './ip.js';

const V4 = ['16777216,16777471,13335,"Cloudflare, Inc."', '134744064,134744319,15169,Google LLC', '134744320,134744575,15169,', '3232235520,3232301055,64512,Private "Lab"'].join('\n');
const V6 = ['2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google v6 name', '2606:4700::,2606:4700:ffff:ffff:ffff:ffff:ffff:ffff,13335,'].join('\n');
const PROBES = ['1.0.0.1', '8.8.8.8', '8.8.9.1', '8.8.10.1', '192.168.3.4', '9.9.9.9', '2001:4860:4860::8888', '2606:4700::1111', '2a00::1'];

describe('ASN index beside the CSV', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const sources = { ipv4: join(dir.path, 'asn-ipv4.csv'), ipv6: join(dir.path, 'asn-ipv6.csv') };
  const answers = (db: AsnDatabase) => PROBES.map((ip) => db.lookup(parseIp(ip)!));

  it('is written by the first parse and gives the same answers, org names included, without parsing again', () => {
    writeFileSync(sources.ipv4, V4);
    writeFileSync(sources.ipv6, V6);
    const parsed = new AsnDatabase(sources);
    const expected = answers(parsed);
    expect(expected.slice(0, 5)).toEqual([
      { asn: 13335, org: 'Cloudflare, Inc.' },
      { asn: 15169, org: 'Google LLC' },
      { asn: 15169, org: 'Google LLC' },
      null,
      { asn: 64512, org: 'Private "Lab"' },
    ]);
    expect([parsed.loadedFrom(4), parsed.loadedFrom(6)]).toEqual(['csv', 'csv']);
    expect(existsSync(asnIndexPath(sources.ipv4)) && existsSync(asnIndexPath(sources.ipv6))).toBe(true);

    const indexed = new AsnDatabase(sources);
    expect(answers(indexed)).toEqual(expected);
    expect([indexed.loadedFrom(4), indexed.loadedFrom(6)]).toEqual(['index', 'index']);
    // The IPv4 file names AS15169 first; the IPv6 file's other name only fills gaps, as when parsing.
    expect(indexed.orgOf(15169)).toBe('Google LLC');
  });

  it('is rebuilt when the CSV changes (an intel update), never answering from the old ranges', () => {
    // The ranges stay sorted by start: 9.9.9.0/24 goes before the 192.168.0.0/16 row.
    const rows = V4.split('\n');
    writeFileSync(sources.ipv4, [...rows.slice(0, 3), '151587072,151587327,64999,Nine', ...rows.slice(3)].join('\n'));
    const updated = new AsnDatabase(sources);
    expect(updated.lookup(parseIp('9.9.9.9')!)).toEqual({ asn: 64999, org: 'Nine' });
    expect(updated.loadedFrom(4)).toBe('csv');
    const again = new AsnDatabase(sources);
    expect(again.lookup(parseIp('9.9.9.9')!)).toEqual({ asn: 64999, org: 'Nine' });
    expect(again.loadedFrom(4)).toBe('index');
    // Same size, new modification time: still rebuilt.
    const later = new Date(Date.now() + 5_000);
    utimesSync(sources.ipv4, later, later);
    const touched = new AsnDatabase(sources);
    expect(touched.lookup(parseIp('9.9.9.9')!)).toEqual({ asn: 64999, org: 'Nine' });
    expect(touched.loadedFrom(4)).toBe('csv');
  });

  it('a damaged index is ignored and replaced', () => {
    const index = asnIndexPath(sources.ipv4);
    new AsnDatabase(sources).lookup(parseIp('1.0.0.1')!);
    const whole = readFileSync(index);
    writeFileSync(index, whole.subarray(0, whole.length - 7));
    const db = new AsnDatabase(sources);
    expect(db.lookup(parseIp('9.9.9.9')!)).toEqual({ asn: 64999, org: 'Nine' });
    expect(db.loadedFrom(4)).toBe('csv');
    expect(readFileSync(index)).toEqual(whole);
  });
});
