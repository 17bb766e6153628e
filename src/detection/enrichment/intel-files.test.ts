import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { ValidationError } from '../../core/errors.js';
import { AsnDatabase } from './asn-db.js';
import { installIntelFile, resolveIntelFiles } from './intel-files.js';
import { parseIp } from './ip.js';

describe('parapet intel update (installIntelFile)', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('installs a newer city mmdb and ASN CSV into the data dir, where they win over the packaged files', async () => {
    const packaged = resolveIntelFiles(null);
    const mmdb = join(dir.path, 'dbip-city-ipv4-2026-07.mmdb');
    copyFileSync(packaged.geo.ipv4 as string, mmdb);
    const city = await installIntelFile(dir.path, mmdb);
    expect(city.kind).toBe('geoIpv4');
    expect(city.detail).toMatch(/city ipv4, built \d{4}-\d{2}-\d{2}/);

    const csv = join(dir.path, 'asn-ipv4.csv');
    writeFileSync(csv, '1.0.0.0,1.0.0.255,64500,"Example, Inc."\n8.8.8.0,8.8.8.255,64501,Example Resolver\n');
    expect((await installIntelFile(dir.path, csv)).kind).toBe('asnIpv4');

    const files = resolveIntelFiles(dir.path);
    expect(files.origin).toMatchObject({ geoIpv4: 'data-dir', asnIpv4: 'data-dir', geoIpv6: 'package', asnIpv6: 'package' });
    expect(new AsnDatabase(files.asn).lookup(parseIp('8.8.8.8')!)).toEqual({ asn: 64501, org: 'Example Resolver' });
  });

  it('refuses a plain address list or a file that is not a database, saying what to use instead', async () => {
    const list = join(dir.path, 'tor.txt');
    writeFileSync(list, '185.220.101.1\n185.220.101.2\n');
    await expect(installIntelFile(dir.path, list)).rejects.toThrow(/not an ASN range CSV.*parapet intel import/);
    const junk = join(dir.path, 'junk.mmdb');
    writeFileSync(junk, 'not a database');
    await expect(installIntelFile(dir.path, junk)).rejects.toBeInstanceOf(ValidationError);
    await expect(installIntelFile(dir.path, join(dir.path, 'missing.mmdb'))).rejects.toThrow(/does not exist/);
  });
});
