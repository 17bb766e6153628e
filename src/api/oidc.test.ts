import type { Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { createOidcService } from './auth/oidc.js';
import { startTestApi, type TestApi } from './test-support.js';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const REDIRECT = 'http://127.0.0.1/api/v1/auth/oidc/callback';
let provider: { listen(port: number, host: string, cb: () => void): HttpServer };
let server: HttpServer;
let issuer: string;
let t: TestApi;

describeDialects('OIDC', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    // oidc-provider takes its issuer URL at construction: find a free port first.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    issuer = `http://127.0.0.1:${port}`;
    // A real OpenID provider on loopback; its development login form accepts any login and password.
    provider = new Provider(issuer, {
      clients: [{ client_id: 'parapet', client_secret: 'parapet-secret', redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.com`, email_verified: true }) }),
      features: { devInteractions: { enabled: true } },
    } as never);
    await new Promise<void>((resolve) => {
      server = provider.listen(port, '127.0.0.1', () => resolve());
    });
    database = await createTestDatabase(dialect);
    t = await startTestApi({ databaseUrl: database.databaseUrl });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    server?.close();
  });

  /** A browser's cookie jar, enough for the provider's interaction cookies. */
  function jar() {
    const cookies = new Map<string, string>();
    return {
      header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      take(setCookie: string | string[] | undefined) {
        for (const c of [setCookie ?? []].flat()) {
          const [pair] = c.split(';');
          const [name, ...value] = (pair ?? '').split('=');
          if (name) cookies.set(name.trim(), value.join('='));
        }
      },
    };
  }

  describe('OIDC single sign-on', () => {
    it('signs a person in through the provider and creates them with the default role', async () => {
      const api = await startDialectApi(dialect, {
        oidc: (store) => createOidcService({ issuer, clientId: 'parapet', clientSecret: 'parapet-secret', redirectUri: REDIRECT, defaultRole: 'viewer', allowInsecure: true }, { db: store.db, clock: systemClock }),
      });
      try {
        expect((await api.app.inject({ url: '/api/v1/auth/config' })).json()).toEqual({ oidc: true });
        const start = await api.app.inject({ url: '/api/v1/auth/oidc/login' });
        expect(start.statusCode).toBe(302);
        const pending = start.cookies.find((c) => c.name === 'parapet_oidc');
        expect(pending?.httpOnly).toBe(true);
        let location = String(start.headers.location);
        expect(location.startsWith(`${issuer}/auth?`)).toBe(true);
        expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');

        // The browser at the provider: login form, then consent, then back to Parapet with a code.
        const browser = jar();
        for (let step = 0; step < 12 && !location.startsWith(REDIRECT); step++) {
          const url = new URL(location, issuer);
          let response = await request(url, { headers: { cookie: browser.header() } });
          browser.take(response.headers['set-cookie']);
          if (response.statusCode === 200) {
            const html = await response.body.text();
            const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
            const form = html.includes('name="login"') ? 'prompt=login&login=alice&password=anything' : 'prompt=consent';
            response = await request(new URL(action, issuer), { method: 'POST', headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
            browser.take(response.headers['set-cookie']);
            if (response.statusCode >= 400) throw new Error(`provider answered ${response.statusCode}: ${(await response.body.text()).replace(/<[^>]+>/g, ' ').slice(0, 600)}`);
          } else if (response.statusCode >= 400) throw new Error(`provider answered ${response.statusCode}: ${(await response.body.text()).replace(/<[^>]+>/g, ' ').slice(0, 600)}`);
          else await response.body.text();
          location = String(response.headers.location);
        }
        expect(location.startsWith(`${REDIRECT}?`)).toBe(true);

        const callback = new URL(location);
        const done = await api.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie: `parapet_oidc=${pending?.value}` } });
        expect(done.statusCode).toBe(302);
        expect(done.headers.location).toBe('/');
        const session = done.cookies.find((c) => c.name === 'parapet_session');
        expect(session?.sameSite).toBe('Strict');
        const me = await api.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `parapet_session=${session?.value}` } });
        expect(me.json().user).toMatchObject({ username: 'alice@example.com', role: 'viewer' });

        // Replaying the same callback (code already used, state cookie gone) signs nobody in.
        const replay = await api.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie: `parapet_oidc=${pending?.value}` } });
        expect(replay.statusCode).toBe(401);
        expect(replay.cookies.find((c) => c.name === 'parapet_session')).toBeUndefined();
      } finally {
        await api.close();
      }
    });

    it('without OIDC configured the routes say how to turn it on', async () => {
      expect((await t.app.inject({ url: '/api/v1/auth/config' })).json()).toEqual({ oidc: false });
      const response = await t.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toContain('PARAPET_OIDC_ISSUER');
    });
  });
});
