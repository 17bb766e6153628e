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

  const startSso = () =>
    startDialectApi(dialect, {
      oidc: (store) => createOidcService({ issuer, clientId: 'parapet', clientSecret: 'parapet-secret', redirectUri: REDIRECT, defaultRole: 'viewer', allowInsecure: true }, { db: store.db, clock: systemClock }),
    });

  /** Starts a sign-in at Parapet: the provider's URL and the pending-login cookie Parapet set. */
  async function begin(api: TestApi) {
    const start = await api.app.inject({ url: '/api/v1/auth/oidc/login' });
    expect(start.statusCode).toBe(302);
    const pending = start.cookies.find((c) => c.name === 'parapet_oidc');
    expect(pending?.httpOnly).toBe(true);
    return { location: String(start.headers.location), pending: pending?.value ?? '' };
  }

  /** The browser at the provider: login form as `login`, then consent; returns where the provider sends it back. */
  async function atProvider(location: string, login: string): Promise<URL> {
    const browser = jar();
    for (let step = 0; step < 12 && !location.startsWith(REDIRECT); step++) {
      const url = new URL(location, issuer);
      let response = await request(url, { headers: { cookie: browser.header() } });
      browser.take(response.headers['set-cookie']);
      if (response.statusCode === 200) {
        const html = await response.body.text();
        const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
        const form = html.includes('name="login"') ? `prompt=login&login=${login}&password=anything` : 'prompt=consent';
        response = await request(new URL(action, issuer), { method: 'POST', headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
        browser.take(response.headers['set-cookie']);
        if (response.statusCode >= 400) throw new Error(`provider answered ${response.statusCode}: ${(await response.body.text()).replace(/<[^>]+>/g, ' ').slice(0, 600)}`);
      } else if (response.statusCode >= 400) throw new Error(`provider answered ${response.statusCode}: ${(await response.body.text()).replace(/<[^>]+>/g, ' ').slice(0, 600)}`);
      else await response.body.text();
      location = String(response.headers.location);
    }
    expect(location.startsWith(`${REDIRECT}?`)).toBe(true);
    return new URL(location);
  }

  const callback = (api: TestApi, back: URL, pending: string) => api.app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `parapet_oidc=${pending}` } });
  const sessionOf = (response: Awaited<ReturnType<typeof callback>>) => response.cookies.find((c) => c.name === 'parapet_session');

  /** A whole sign-in as `login`; the session cookie Parapet set, if any, and the callback's answer. */
  async function signIn(api: TestApi, login: string) {
    const { location, pending } = await begin(api);
    const done = await callback(api, await atProvider(location, login), pending);
    return { done, session: sessionOf(done)?.value };
  }

  describe('OIDC single sign-on', () => {
    it('signs a person in through the provider and creates them with the default role', async () => {
      const api = await startSso();
      try {
        expect((await api.app.inject({ url: '/api/v1/auth/config' })).json()).toEqual({ oidc: true });
        const { location, pending } = await begin(api);
        expect(location.startsWith(`${issuer}/auth?`)).toBe(true);
        expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
        const back = await atProvider(location, 'alice');
        const done = await callback(api, back, pending);
        expect(done.statusCode).toBe(302);
        expect(done.headers.location).toBe('/');
        const session = sessionOf(done);
        expect(session?.sameSite).toBe('Strict');
        const me = await api.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `parapet_session=${session?.value}` } });
        expect(me.json().user).toMatchObject({ username: 'alice@example.com', role: 'viewer' });

        // Replaying the same callback (code already used) signs nobody in.
        const replay = await callback(api, back, pending);
        expect(replay.statusCode).toBe(401);
        expect(sessionOf(replay)).toBeUndefined();
      } finally {
        await api.close();
      }
    });

    it('refuses a callback whose state is not the one this browser started with (login CSRF: an attacker\'s code planted in a victim\'s browser)', async () => {
      const api = await startSso();
      try {
        const attacker = await begin(api);
        const victim = await begin(api);
        const attackersCode = await atProvider(attacker.location, 'mallory');
        const planted = await callback(api, attackersCode, victim.pending);
        expect(planted.statusCode).toBe(401);
        expect(sessionOf(planted)).toBeUndefined();
        // The state alone, the code being the browser's own (PKCE and nonce would pass): still refused.
        const own = await begin(api);
        const back = await atProvider(own.location, 'alice');
        back.searchParams.set('state', 'not-the-state-it-started-with');
        const altered = await callback(api, back, own.pending);
        expect(altered.statusCode).toBe(401);
        expect(sessionOf(altered)).toBeUndefined();
        const failures = await api.store.db.selectFrom('audit_events').select(['action', 'detail']).where('action', '=', 'auth.login-failed').execute();
        expect(failures.length, 'both failures are on the record').toBe(2);
      } finally {
        await api.close();
      }
    });

    it('never signs into a local account of the same name, and refuses a disabled single-sign-on user', async () => {
      const api = await startSso();
      try {
        const admin = await api.login('admin');
        const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
        expect((await api.app.inject({ method: 'POST', url: '/api/v1/users', headers: asAdmin, payload: { username: 'bob@example.com', role: 'admin', password: 'bob-local-password-1' } })).statusCode).toBe(201);
        const first = await signIn(api, 'bob');
        const me = (await api.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `parapet_session=${first.session}` } })).json() as { user: { id: string; username: string; role: string } };
        expect(me.user).toMatchObject({ username: 'bob@example.com#sso', role: 'viewer' });
        // The same person again: the same account, found by the provider's subject.
        const again = await signIn(api, 'bob');
        expect(((await api.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `parapet_session=${again.session}` } })).json() as typeof me).user.id).toBe(me.user.id);

        expect((await api.app.inject({ method: 'PATCH', url: `/api/v1/users/${me.user.id}`, headers: asAdmin, payload: { disabled: true } })).statusCode).toBe(200);
        const disabled = await signIn(api, 'bob');
        expect([disabled.done.statusCode, disabled.done.json().detail]).toEqual([401, 'This account is disabled; ask an admin.']);
        expect(disabled.session).toBeUndefined();
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
