import { z } from 'zod';
import { MINUTE } from '../../core/clock.js';
import { findUserRow, recordLoginFailure, recordLoginSuccess } from '../../store/repos/users.js';
import { recordAudit } from '../../store/repos/audit-events.js';
import { endSession, startSession } from '../auth/authenticate.js';
import type { PendingLogin } from '../auth/oidc.js';
import { decoyHash, verifyPassword } from '../auth/passwords.js';
import type { ApiContext, ZodApp } from '../context.js';
import { ApiProblem, problemResponses, unauthorized } from '../problem.js';
import { OkSchema, SessionUserSchema } from '../schemas.js';

/** Consecutive wrong passwords before an account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * MINUTE;

const SessionSchema = z.object({ user: SessionUserSchema, csrfToken: z.string() });

export function authRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      bodyLimit: 4096,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password; sets the session cookie',
        body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const wait = ctx.limiter.hit(request.ip);
      if (wait !== null) throw new ApiProblem(429, 'Too Many Requests', `Too many sign-in attempts from this address; try again in ${wait} s.`, undefined, { retryAfterSeconds: wait });
      const now = ctx.clock.now();
      const user = await findUserRow(db, { username });
      const audit = (action: string, detail: Record<string, unknown>) =>
        recordAudit(db, { actorUserId: user?.id ?? null, actorName: username, via: 'session', action, targetType: 'auth', detail, ip: request.ip, now });
      if (!user || !user.password_hash) {
        await verifyPassword(await decoyHash(), password);
        await audit('auth.login-failed', { reason: 'unknown user or single-sign-on user' });
        throw unauthorized('Wrong username or password.');
      }
      if (user.locked_until !== null && Number(user.locked_until) > now) {
        await audit('auth.login-failed', { reason: 'locked' });
        const minutes = Math.ceil((Number(user.locked_until) - now) / MINUTE);
        throw new ApiProblem(423, 'Locked', `This account is locked after ${MAX_FAILED_LOGINS} wrong passwords; try again in ${minutes} min or ask an admin to set a new password.`);
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        await recordLoginFailure(db, user.id, { maxFailures: MAX_FAILED_LOGINS, lockMs: LOCKOUT_MS, now });
        await audit('auth.login-failed', { reason: 'wrong password' });
        throw unauthorized('Wrong username or password.');
      }
      if (user.disabled) {
        await audit('auth.login-failed', { reason: 'disabled' });
        throw unauthorized('This account is disabled; ask an admin.');
      }
      await recordLoginSuccess(db, user.id, now);
      const { csrfToken } = await startSession(ctx.auth, reply, user);
      await audit('auth.login', {});
      return { user: { id: user.id, username: user.username, role: user.role }, csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 200: OkSchema, ...problemResponses } } },
    async (request, reply) => {
      await endSession(ctx.auth, request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for state-changing requests', response: { 200: z.object({ user: SessionUserSchema, csrfToken: z.string().nullable() }), ...problemResponses } } },
    async (request) => {
      const p = request.principal;
      if (!p) throw unauthorized();
      return { user: { id: p.userId, username: p.username, role: p.role }, csrfToken: p.csrfToken };
    },
  );

  app.get(
    '/auth/config',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Which sign-in methods are available', response: { 200: z.object({ oidc: z.boolean() }), ...problemResponses } } },
    async () => ({ oidc: ctx.oidc !== null }),
  );
}

const OIDC_COOKIE = 'parapet_oidc';

export function oidcRoutes(app: ZodApp, ctx: ApiContext): void {
  const cookieOptions = { path: '/api/v1/auth/oidc', httpOnly: true, sameSite: 'lax' as const, secure: ctx.auth.secureCookies, maxAge: 600 };

  app.get(
    '/auth/oidc/login',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Start single sign-on: redirects to the OpenID provider', response: { 302: z.null(), ...problemResponses } } },
    async (_request, reply) => {
      if (!ctx.oidc) throw new ApiProblem(404, 'Not Found', 'Single sign-on is not configured: set PARAPET_OIDC_ISSUER, PARAPET_OIDC_CLIENT_ID and PARAPET_OIDC_CLIENT_SECRET.');
      const { url, pending } = await ctx.oidc.begin();
      reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), cookieOptions);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Where the OpenID provider returns; signs in and redirects to the portal', querystring: z.looseObject({ code: z.string().max(4096).optional(), state: z.string().max(1024).optional(), error: z.string().max(200).optional() }), response: { 302: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      if (!ctx.oidc) throw new ApiProblem(404, 'Not Found', 'Single sign-on is not configured.');
      const raw = request.cookies[OIDC_COOKIE];
      reply.clearCookie(OIDC_COOKIE, cookieOptions);
      if (request.query.error) throw unauthorized(`The identity provider refused the sign-in: ${request.query.error}.`);
      if (!raw) throw unauthorized('The single sign-on attempt expired (or cookies are blocked): start again from the sign-in page.');
      let pending: PendingLogin;
      try {
        pending = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PendingLogin;
      } catch {
        throw unauthorized('The single sign-on attempt is unreadable: start again from the sign-in page.');
      }
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      let user;
      try {
        user = await ctx.oidc.complete(query, pending);
      } catch (error) {
        await recordAudit(db(ctx), { actorUserId: null, actorName: null, via: 'oidc', action: 'auth.login-failed', targetType: 'auth', detail: { reason: (error as Error).message }, ip: request.ip, now: ctx.clock.now() });
        throw unauthorized('Single sign-on failed: the identity provider’s answer did not verify. Start again from the sign-in page.');
      }
      if (user.disabled) throw unauthorized('This account is disabled; ask an admin.');
      await recordLoginSuccess(db(ctx), user.id, ctx.clock.now());
      await startSession(ctx.auth, reply, user);
      await recordAudit(db(ctx), { actorUserId: user.id, actorName: user.username, via: 'oidc', action: 'auth.login', targetType: 'auth', detail: {}, ip: request.ip, now: ctx.clock.now() });
      return reply.redirect('/', 302);
    },
  );
}

const db = (ctx: ApiContext) => ctx.store.db;
