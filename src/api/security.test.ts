import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, manualClock, MINUTE, systemClock } from '../core/clock.js';
import { installAuth } from './auth/authenticate.js';
import { installErrorHandling } from './error-handler.js';
import { ROLES, roleMayAccess } from './auth/access.js';
import { routeTable } from './build-api.js';
import { startTestApi, type TestApi } from './test-support.js';
import type { UserRole } from '../store/tables/auth.js';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const CANARY = 'CANARYc4n4ry5ecretV4lue9xq7';

let t: TestApi;
describeDialects('API security', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApi({ loginAttemptsPerWindow: 1000, databaseUrl: database.databaseUrl });
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  const apiRoutes = () => routeTable(t.app).filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD');
  const fill = (url: string) => url.replace(/:(\w+)/g, 'no-such-id');

  describe('route × role', () => {
    it('every API route declares an access rule (a route added without one fails here)', () => {
      const routes = apiRoutes();
      expect(routes.length).toBeGreaterThan(40);
      expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    });

    it('the access rules themselves: a viewer changes nothing but their own session and tokens; users, connectors\' credentials, protected accounts, automatic governance and the audit log are the admin\'s', () => {
      const declared = (access: string) => apiRoutes().filter((r) => r.access === access).map((r) => `${r.method} ${r.url}`).sort();
      // The route × role test above checks each route against its declared rule; this pins the rules, so that
      // loosening one (a state-changing route declared `read`, an admin route `analyst`) fails here.
      expect(declared('public')).toEqual(['GET /api/v1/auth/config', 'GET /api/v1/auth/oidc/callback', 'GET /api/v1/auth/oidc/login', 'POST /api/v1/auth/login']);
      expect(declared('signed-in')).toEqual(['DELETE /api/v1/tokens/:id', 'GET /api/v1/auth/me', 'GET /api/v1/tokens', 'POST /api/v1/auth/logout', 'POST /api/v1/tokens']);
      expect(declared('admin')).toEqual([
        'DELETE /api/v1/connectors/:id',
        'DELETE /api/v1/governance/protected/:match',
        'DELETE /api/v1/users/:id',
        'GET /api/v1/audit-log',
        'GET /api/v1/users',
        'PATCH /api/v1/users/:id',
        'POST /api/v1/connectors',
        'POST /api/v1/connectors/test',
        'POST /api/v1/governance/protected',
        'POST /api/v1/users',
        'PUT /api/v1/governance/rules/:policy/:kind',
      ]);
      expect(apiRoutes().filter((r) => r.access === 'read' && r.method !== 'GET').map((r) => `${r.method} ${r.url}`), 'state-changing routes open to viewers').toEqual([]);
    });

    it('a route without an access rule is refused, not served', async () => {
      const bare = Fastify();
      await bare.register(fastifyCookie);
      installErrorHandling(bare);
      installAuth(bare, { db: t.store.db, clock: systemClock, secureCookies: false });
      bare.get('/forgotten', async () => 'served');
      bare.get('/declared', { config: { access: 'public' } }, async () => 'served');
      const admin = await t.login('admin');
      const forgotten = await bare.inject({ url: '/forgotten', headers: { cookie: admin.cookie } });
      expect(forgotten.statusCode).toBe(403);
      expect(forgotten.json().detail).toContain('no access rule');
      expect((await bare.inject({ url: '/declared' })).body).toBe('served');
      await bare.close();
    });

    it('answers every route for every role and for no credentials as its rule says', async () => {
      const sessions = {} as Record<UserRole, { cookie: string; csrf: string }>;
      for (const role of ROLES) sessions[role] = await t.login(role);
      // Signing out ends the session the other checks use: run it last.
      const routes = [...apiRoutes()].sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
      const mismatches: string[] = [];
      for (const route of routes) {
        const request = { method: route.method as 'GET', url: fill(route.url), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) };
        const anonymous = await t.app.inject(request);
        const anonymousAllowed = route.access === 'public';
        if (anonymousAllowed === [401, 403].includes(anonymous.statusCode)) mismatches.push(`anonymous ${route.method} ${route.url}: ${anonymous.statusCode}`);
        if (!anonymousAllowed && anonymous.statusCode !== 401) mismatches.push(`anonymous ${route.method} ${route.url}: ${anonymous.statusCode}, expected 401`);
        for (const role of ROLES) {
          const response = await t.app.inject({ ...request, headers: { cookie: sessions[role].cookie, 'x-csrf-token': sessions[role].csrf } });
          const allowed = roleMayAccess(role, route.access ?? 'admin');
          const refused = response.statusCode === 403 || response.statusCode === 401;
          if (allowed === refused) mismatches.push(`${role} ${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 120)}`);
          expect(response.headers['content-type'] ?? '').not.toContain('text/html');
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  describe('sessions and CSRF', () => {
    it('sets the session cookie HttpOnly, SameSite=Strict, without Secure over plain HTTP', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password: t.passwords.viewer } });
      const header = String(response.headers['set-cookie']);
      expect(header).toMatch(/^parapet_session=[\w-]{40,};/);
      expect(header).toContain('HttpOnly');
      expect(header).toContain('SameSite=Strict');
      expect(header).toContain('Path=/');
      expect(header).not.toContain('Secure');
    });

    it('refuses a state-changing request from a session without the CSRF token, or with another session’s', async () => {
      const analyst = await t.login('analyst');
      const other = await t.login('admin');
      const body = { cidr: '198.51.100.0/24', tag: 'corporate' };
      const missing = await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: { cookie: analyst.cookie }, payload: body });
      expect(missing.statusCode).toBe(403);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json().detail).toContain('x-csrf-token');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: { cookie: analyst.cookie, 'x-csrf-token': other.csrf }, payload: body });
      expect(wrong.statusCode).toBe(403);
      const right = await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: body });
      expect(right.statusCode).toBe(201);
    });

    it('signing out ends the session and clears its cookie with the attributes it was set with', async () => {
      const s = await t.login('viewer');
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(out.statusCode).toBe(200);
      const cleared = String(out.headers['set-cookie']);
      expect(cleared).toMatch(/^parapet_session=;/);
      for (const attribute of ['Expires=Thu, 01 Jan 1970', 'HttpOnly', 'SameSite=Strict', 'Path=/']) expect(cleared).toContain(attribute);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    });

    it('locks an account after 5 wrong passwords, even against the right one', async () => {
      const admin = await t.login('admin');
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { username: 'locky', role: 'viewer', password: 'locky-password-1' } });
      expect(created.statusCode).toBe(201);
      for (let i = 0; i < 5; i++) {
        const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: `wrong-${i}` } });
        expect(wrong.statusCode).toBe(401);
      }
      const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'locky-password-1' } });
      expect(locked.statusCode).toBe(423);
      expect(locked.json().detail).toContain('locked');
    });

    it('a lock lasts 15 minutes: the right password signs in again from the minute it ends, and the count starts over', async () => {
      const clock = manualClock(Date.UTC(2026, 5, 1, 8));
      const timed = await startDialectApi(dialect, { clock, loginAttemptsPerWindow: 1000 });
      try {
        const signIn = async (password: string) => (await timed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password } })).statusCode;
        const codes = [];
        for (let i = 0; i < 5; i++) codes.push(await signIn(`wrong-${i}`));
        expect(codes, 'five wrong passwords').toEqual([401, 401, 401, 401, 401]);
        clock.advance(15 * MINUTE - 1);
        expect(await signIn(timed.passwords.viewer), 'a millisecond before the lock ends').toBe(423);
        clock.advance(1);
        expect(await signIn(timed.passwords.viewer), 'when the lock ends').toBe(200);
        // The success cleared the count: four more wrong passwords do not lock again.
        for (let i = 0; i < 4; i++) await signIn(`again-${i}`);
        expect(await signIn(timed.passwords.viewer), 'after four new mistakes').toBe(200);
      } finally {
        await timed.close();
      }
    });

    it('a new password needs at least 12 characters', async () => {
      const admin = await t.login('admin');
      const create = (username: string, password: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { username, role: 'viewer', password } });
      const short = await create('eleven', 'x'.repeat(11));
      expect([short.statusCode, short.json().errors?.[0]?.path, short.json().errors?.[0]?.message]).toEqual([400, 'body.password', 'at least 12 characters']);
      expect((await create('twelve', 'x'.repeat(12))).statusCode).toBe(201);
    });

    it('a demotion takes effect on the user\'s open session and tokens at once; disabling them ends both and refuses their sign-in', async () => {
      const admin = await t.login('admin');
      const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: asAdmin, payload: { username: 'dana', role: 'analyst', password: 'dana-password-1' } });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: string }).id;
      const signIn = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dana', password: 'dana-password-1' } });
      const signedIn = await signIn();
      const session = { cookie: `parapet_session=${signedIn.cookies.find((c) => c.name === 'parapet_session')?.value ?? ''}`, 'x-csrf-token': (signedIn.json() as { csrfToken: string }).csrfToken };
      const token = ((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session, payload: { name: 'dana-ci', scope: 'read-write' } })).json() as { secret: string }).secret;
      const bearer = { authorization: `Bearer ${token}` };
      const addRange = (headers: Record<string, string>, cidr: string) => t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers, payload: { cidr, tag: 'vpn' } });
      expect([(await addRange(session, '192.0.2.0/26')).statusCode, (await addRange(bearer, '192.0.2.64/26')).statusCode], 'an analyst may').toEqual([201, 201]);

      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: asAdmin, payload: { role: 'viewer' } })).statusCode).toBe(200);
      expect([(await addRange(session, '192.0.2.128/26')).statusCode, (await addRange(bearer, '192.0.2.192/26')).statusCode], 'a viewer may not, through the same session and token').toEqual([403, 403]);
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: bearer })).statusCode, 'but still reads').toBe(200);

      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: asAdmin, payload: { disabled: true } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: session })).statusCode, 'the session is over').toBe(401);
      const refused = await t.app.inject({ url: '/api/v1/alerts', headers: bearer });
      expect([refused.statusCode, refused.json().detail], 'the token stops working').toEqual([401, 'The user this API token belongs to is disabled.']);
      const again = await signIn();
      expect([again.statusCode, again.json().detail]).toEqual([401, 'This account is disabled; ask an admin.']);
    });

    it('an admin setting a new password for a user ends the sessions opened with the old one', async () => {
      const admin = await t.login('admin');
      const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: asAdmin, payload: { username: 'reset-me', role: 'viewer', password: 'reset-password-1' } });
      const signedIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reset-me', password: 'reset-password-1' } });
      const cookie = `parapet_session=${signedIn.cookies.find((c) => c.name === 'parapet_session')?.value ?? ''}`;
      const other = await t.login('viewer');
      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${(created.json() as { id: string }).id}`, headers: asAdmin, payload: { password: 'reset-password-2' } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: other.cookie } })).statusCode, 'another user keeps theirs').toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reset-me', password: 'reset-password-1' } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reset-me', password: 'reset-password-2' } })).statusCode).toBe(200);
    });

    it('a session of a user disabled outside the API (directly in the store) is refused too', async () => {
      const admin = await t.login('admin');
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { username: 'eli', role: 'viewer', password: 'eli-password-12' } });
      const signedIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'eli', password: 'eli-password-12' } });
      const cookie = `parapet_session=${signedIn.cookies.find((c) => c.name === 'parapet_session')?.value ?? ''}`;
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
      await t.store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', (created.json() as { id: string }).id).execute();
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    });

    it('a session ends after 12 hours unused, and after 7 days however busy', async () => {
      const clock = manualClock(Date.UTC(2026, 5, 1, 8));
      const timed = await startDialectApi(dialect, { clock });
      try {
        const me = async (cookie: string) => (await timed.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode;
        const idle = await timed.login('viewer');
        clock.advance(11 * HOUR);
        expect(await me(idle.cookie), 'used again within 12 hours').toBe(200);
        clock.advance(11 * HOUR);
        expect(await me(idle.cookie), '22 hours after sign-in, 11 after its last use').toBe(200);
        clock.advance(12 * HOUR + MINUTE);
        expect(await me(idle.cookie), '12 hours unused').toBe(401);

        const busy = await timed.login('viewer');
        const used: number[] = [];
        for (let h = 6; h <= 7 * 24; h += 6) {
          clock.advance(6 * HOUR);
          used.push(await me(busy.cookie));
        }
        expect(used.slice(0, -1).every((code) => code === 200), 'every 6 hours for a week').toBe(true);
        expect(used.at(-1), '7 days after sign-in').toBe(401);
      } finally {
        await timed.close();
      }
    });

    it('rate-limits sign-in attempts per address with Retry-After', async () => {
      const limited = await startDialectApi(dialect, { loginAttemptsPerWindow: 3 });
      try {
        const codes = [];
        for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } })).statusCode);
        expect(codes).toEqual([401, 401, 401, 429]);
        const last = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: limited.passwords.admin } });
        expect(last.statusCode).toBe(429);
        expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });

    it.skipIf(!existsSync('/usr/bin/openssl'))('marks the cookie Secure and sends Strict-Transport-Security when served over TLS', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parapet-tls-'));
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
        const tls = await startDialectApi(dialect, { tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) } });
        try {
          const response = await tls.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password: tls.passwords.viewer } });
          expect(String(response.headers['set-cookie'])).toContain('Secure');
          expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
        } finally {
          await tls.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('API tokens', () => {
    it('are shown once, stored hashed, scoped, and stop working when revoked or expired', async () => {
      const analyst = await t.login('analyst');
      const create = (scope: string, expiresInDays: number | null = 30) =>
        t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { name: `ci-${scope}`, scope, expiresInDays } });
      const read = (await create('read')).json() as { token: { id: string }; secret: string };
      const write = (await create('read-write')).json() as { token: { id: string }; secret: string };
      expect(read.secret).toMatch(/^ppt_[\w-]{43}$/);
      // Each expires when asked: 30 days here, 90 by default, never only when asked for (null).
      const expiry = (created: { token: { createdAt: number; expiresAt: number | null } }) => (created.token.expiresAt === null ? null : (created.token.expiresAt - created.token.createdAt) / 86_400_000);
      expect(expiry(read as never)).toBe(30);
      const byDefault = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { name: 'ci-default', scope: 'read' } })).json();
      expect([expiry(byDefault), expiry((await create('read', null)).json())]).toEqual([90, null]);

      const listed = await t.app.inject({ url: '/api/v1/tokens', headers: { cookie: analyst.cookie } });
      expect(listed.body).not.toContain(read.secret);
      expect(listed.body).not.toContain(read.secret.slice(12));
      const stored = await t.store.db.selectFrom('api_tokens').select('token_hash').execute();
      expect(stored.map((r) => r.token_hash)).not.toContain(read.secret);

      const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: bearer(read.secret) })).statusCode).toBe(200);
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: bearer(read.secret), payload: { cidr: '192.0.2.0/24', tag: 'vpn' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().requiredScope).toBe('read-write');
      // A read-write token needs no CSRF header (no cookie is involved), but keeps its user's role.
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: bearer(write.secret), payload: { cidr: '192.0.2.0/24', tag: 'vpn' } })).statusCode).toBe(201);
      expect((await t.app.inject({ url: '/api/v1/users', headers: bearer(write.secret) })).statusCode).toBe(403);

      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${read.token.id}`, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } })).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: bearer(read.secret) })).statusCode).toBe(401);

      await t.store.db.updateTable('api_tokens').set({ expires_at: Date.now() - 1 }).where('id', '=', write.token.id).execute();
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: bearer(write.secret) })).statusCode).toBe(401);
    });

    it('are their owner\'s: another analyst neither lists nor revokes them, an admin sees and revokes any, and a token cannot mint a token', async () => {
      const admin = await t.login('admin');
      const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const signIn = async (username: string) => {
        await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: asAdmin, payload: { username, role: 'analyst', password: `${username}-password-1` } });
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `${username}-password-1` } });
        return { cookie: `parapet_session=${response.cookies.find((c) => c.name === 'parapet_session')?.value ?? ''}`, 'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken };
      };
      const [ann, ben] = [await signIn('tok-ann'), await signIn('tok-ben')];
      const mint = async (headers: Record<string, string>, name: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name, scope: 'read-write' } })).json() as { token: { id: string }; secret: string };
      const annToken = await mint(ann, 'ann-ci');
      const benToken = await mint(ben, 'ben-ci');
      const names = async (headers: Record<string, string>) => ((await t.app.inject({ url: '/api/v1/tokens', headers })).json() as { items: { name: string }[] }).items.map((i) => i.name).filter((n) => ['ann-ci', 'ben-ci'].includes(n)).sort();
      expect(await names(ann)).toEqual(['ann-ci']);
      expect(await names(asAdmin)).toEqual(['ann-ci', 'ben-ci']);

      const revoke = (headers: Record<string, string>, id: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers });
      const theirs = await revoke(ben, annToken.token.id);
      expect([theirs.statusCode, theirs.json().detail]).toEqual([403, 'Only its owner or an admin can revoke this token.']);
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: { authorization: `Bearer ${annToken.secret}` } })).statusCode, 'still works').toBe(200);
      const minted = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${annToken.secret}` }, payload: { name: 'by-token', scope: 'read' } });
      expect([minted.statusCode, minted.json().detail]).toEqual([403, 'An API token cannot create tokens: sign in to create one.']);
      expect((await revoke(asAdmin, benToken.token.id)).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/alerts', headers: { authorization: `Bearer ${benToken.secret}` } })).statusCode).toBe(401);
    });

    it('a viewer cannot mint a read-write token', async () => {
      const viewer = await t.login('viewer');
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf }, payload: { name: 'x', scope: 'read-write' } });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('audit log', () => {
    it('records sign-ins, changes (field names, never values) and refused attempts, newest first, for the admin to page through by actor', async () => {
      const admin = await t.login('admin');
      const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: asAdmin, payload: { username: 'audra', role: 'viewer', password: 'audra-password-1' } });
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'audra', password: 'not-her-password' } });
      const signedIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'audra', password: 'audra-password-1' } });
      const audra = { cookie: `parapet_session=${signedIn.cookies.find((c) => c.name === 'parapet_session')?.value ?? ''}`, 'x-csrf-token': (signedIn.json() as { csrfToken: string }).csrfToken };
      const minted = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: audra, payload: { name: 'audra-read', scope: 'read' } });
      expect(minted.statusCode).toBe(201);
      // A viewer trying to change what only an analyst may: refused, and on the record.
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: audra, payload: { cidr: '203.0.113.0/24', tag: 'corporate' } })).statusCode).toBe(403);

      type Page = { items: { action: string; actor: { name: string | null; via: string }; detail: Record<string, unknown> }[]; nextCursor: string | null };
      const read = async (query: string) => (await t.app.inject({ url: `/api/v1/audit-log?${query}`, headers: { cookie: admin.cookie } })).json() as Page;
      const all = await read('actor=audra');
      expect(all.items.map((e) => [e.action, e.detail])).toEqual([
        // Refused before its body was read.
        ['POST /api/v1/ip-ranges', { fields: [], status: 403 }],
        ['POST /api/v1/tokens', { fields: ['name', 'scope', 'expiresInDays'], status: 201 }],
        ['auth.login', {}],
        ['auth.login-failed', { reason: 'wrong password' }],
      ]);
      const created = await read('actor=admin&action=POST%20/api/v1/users');
      expect(created.items[0]?.detail).toEqual({ fields: ['username', 'role', 'password'], status: 201 });
      const everything = (await t.app.inject({ url: '/api/v1/audit-log?limit=200', headers: { cookie: admin.cookie } })).body;
      expect(everything).not.toContain('audra-password-1');
      expect(everything).not.toContain('not-her-password');

      const first = await read('actor=audra&limit=3');
      const rest = await read(`actor=audra&limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
      expect([...first.items, ...rest.items].map((e) => e.action), 'paged, nothing lost or repeated').toEqual(all.items.map((e) => e.action));
      expect(rest.nextCursor).toBeNull();

      // The refusal names what the route needs.
      const refusal = await t.app.inject({ method: 'POST', url: '/api/v1/ip-ranges', headers: audra, payload: { cidr: '203.0.113.0/24', tag: 'corporate' } });
      expect(refusal.json().detail).toBe('Your role (viewer) cannot do this: it needs analyst or admin.');
      const adminOnly = await t.app.inject({ url: '/api/v1/audit-log', headers: { cookie: audra.cookie } });
      expect(adminOnly.json().detail).toBe('Your role (viewer) cannot do this: it needs admin.');
      // Not on the record: ordinary reads, and changes that changed nothing (a malformed body, an invalid field).
      const before = (await read('actor=audra&limit=200')).items.length;
      expect((await t.app.inject({ url: '/api/v1/connectors', headers: { cookie: audra.cookie } })).statusCode).toBe(200);
      const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...audra, 'content-type': 'application/json' }, payload: '{"name":' });
      expect(malformed.statusCode).toBe(400);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: audra, payload: { name: '', scope: 'read' } })).statusCode).toBe(400);
      expect((await read('actor=audra&limit=200')).items.length, 'reads and failed changes add nothing').toBe(before);
    });
  });

  describe('response headers', () => {
    it('every answer forbids framing, sniffing and, through its Content-Security-Policy, any script or connection not from Parapet itself', async () => {
      const headers = (await t.app.inject({ url: '/api/v1/auth/config' })).headers;
      expect([headers['x-content-type-options'], headers['x-frame-options'], headers['referrer-policy']]).toEqual(['nosniff', 'DENY', 'same-origin']);
      const csp = Object.fromEntries(String(headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
      expect(csp).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'connect-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'frame-ancestors': "'none'", 'form-action': "'self'" });
      // Plain HTTP here: no HSTS (a browser would pin a host that may never serve HTTPS).
      expect(headers['strict-transport-security']).toBeUndefined();
    });
  });

  describe('errors', () => {
    it('unknown routes answer 404 as a problem', async () => {
      const response = await t.app.inject({ url: '/api/v1/no-such-thing' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    });

    it('names the field at fault', async () => {
      const admin = await t.login('admin');
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { username: 'short', role: 'boss', password: 'short' } });
      expect(response.statusCode).toBe(400);
      expect((response.json().errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['body.password', 'body.role']);
    });

    it('refuses oversized bodies with 413', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x'.repeat(10_000), password: 'y' } });
      expect(response.statusCode).toBe(413);
      expect(response.json().status).toBe(413);
    });

    it('a server fault answers 500 without the internal message or a stack trace', async () => {
      const broken = await startDialectApi(dialect);
      const admin = await broken.login('admin');
      await broken.store.db.schema.dropTable('ip_ranges').execute();
      const response = await broken.app.inject({ url: '/api/v1/ip-ranges', headers: { cookie: admin.cookie } });
      await broken.close();
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/ip_ranges|no such table|\bat \w+ \(/);
    });
  });

  describe('a connector secret', () => {
    it('never appears in an API response, a log line, the audit log or an export', async () => {
      const admin = await t.login('admin');
      const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const config = {
        environment: 'production',
        userId: '4799e5e9-1559-4915-9862-cf4713bbcacc',
        integrationKey: '5799e5e9-1559-4915-9862-cf4713bbcacd',
        privateKey: `-----BEGIN RSA PRIVATE KEY-----\n${CANARY}${CANARY}\n-----END RSA PRIVATE KEY-----\n`,
        accountBaseUri: 'https://na3.docusign.net',
      };
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/connectors', headers, payload: { provider: 'docusign', name: 'canary', config } });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const bodies: string[] = [created.body];
      // A request that fails (bad key) must not echo it either.
      bodies.push((await t.app.inject({ method: 'POST', url: `/api/v1/connectors/${id}/test`, headers })).body);
      bodies.push((await t.app.inject({ method: 'POST', url: '/api/v1/connectors/test', headers, payload: { provider: 'docusign', config } })).body);
      bodies.push((await t.app.inject({ method: 'POST', url: '/api/v1/connectors/test', headers, payload: { provider: 'docusign', config: { ...config, userId: 'not-a-guid' } } })).body);
      bodies.push((await t.app.inject({ method: 'POST', url: '/api/v1/connectors', headers, payload: { provider: 'docusign', name: 'canary', config } })).body);
      bodies.push((await t.app.inject({ method: 'POST', url: '/api/v1/connectors', headers, payload: { provider: 'docusign', name: 'canary2', config: { ...config, userId: 'not-a-guid' } } })).body);
      for (const route of apiRoutes().filter((r) => r.method === 'GET' && !r.url.includes('/oidc/'))) {
        const url = route.url.replace(':id', id);
        bodies.push((await t.app.inject({ url, headers })).body);
        if (route.url.endsWith('/export')) bodies.push((await t.app.inject({ url: `${url}?format=csv`, headers })).body);
      }
      bodies.push((await t.app.inject({ url: '/api/openapi.json' })).body);
      expect(bodies.filter((b) => b.includes(CANARY))).toEqual([]);
      expect(t.logLines.filter((l) => l.includes(CANARY))).toEqual([]);
      const audit = await t.store.db.selectFrom('audit_events').select('detail').execute();
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.filter((a) => a.detail.includes(CANARY))).toEqual([]);
    });
  });
});
