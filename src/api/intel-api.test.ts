import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApi } from './test-support.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const T0 = Date.UTC(2026, 10, 2, 9);

/** Threat feeds and admin IP ranges through the API: what is imported, what is refused, and that a refusal imports nothing. */
describeDialects('intel API', (dialect) => {
  let t: TestApi;
  let analyst: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock: { now: () => T0 } });
    analyst = await t.login('analyst');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const send = (method: 'POST' | 'DELETE', url: string, payload?: unknown) => t.app.inject({ method, url, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, ...(payload ? { payload: payload as object } : {}) });
  const feeds = async () => (await t.app.inject({ url: '/api/v1/intel/feeds', headers: { cookie: analyst.cookie } })).json().items as { feed: string; kind: string; entries: number; importedAt: number }[];

  it('imports a feed, names the lines it could not read, replaces it by name, and refuses one with no address at all', async () => {
    const imported = await send('POST', '/api/v1/intel/feeds', { kind: 'tor', text: '# exits\n198.51.100.7\nnot-an-address\n203.0.113.0/24 # a range\n198.51.100.7\n' });
    expect([imported.statusCode, imported.json()]).toEqual([200, { feed: 'tor', imported: 2, rejected: [{ line: 3, text: 'not-an-address' }] }]);
    expect(await feeds()).toEqual([{ feed: 'tor', kind: 'tor', entries: 2, importedAt: T0 }]);

    const replaced = await send('POST', '/api/v1/intel/feeds', { kind: 'tor', text: '192.0.2.1' });
    expect(replaced.json()).toEqual({ feed: 'tor', imported: 1, rejected: [] });
    const empty = await send('POST', '/api/v1/intel/feeds', { kind: 'tor', text: '# nothing here\nnope\n' });
    expect([empty.statusCode, empty.json().errors]).toEqual([422, [{ path: 'body.text', message: 'one address or CIDR range per line' }]]);
    expect(await feeds(), 'the refused import left the feed as it was').toEqual([{ feed: 'tor', kind: 'tor', entries: 1, importedAt: T0 }]);
  });

  it('adds IP ranges in canonical form, refuses what is not one, and removes them', async () => {
    const added = await send('POST', '/api/v1/ip-ranges', { cidr: '203.0.113.77/24', tag: 'vpn', label: ' Office VPN ' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ cidr: '203.0.113.0/24', tag: 'vpn', label: 'Office VPN', createdAt: T0 });
    const wrong = await send('POST', '/api/v1/ip-ranges', { cidr: '203.0.113.0/33', tag: 'vpn' });
    expect([wrong.statusCode, wrong.json().errors?.[0]?.path]).toEqual([422, 'body.cidr']);
    expect((await send('DELETE', `/api/v1/ip-ranges/${added.json().id as string}`)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/ip-ranges', headers: { cookie: analyst.cookie } })).json().items).toEqual([]);
  });
});
