import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import type { Db } from '../../store/db.js';
import { findApiToken, markApiTokenUsed } from '../../store/repos/api-tokens.js';
import { recordAudit } from '../../store/repos/audit-events.js';
import { deleteSession, findSession, insertSession, touchSession } from '../../store/repos/sessions.js';
import type { UsersTable } from '../../store/tables/auth.js';
import { forbidden, unauthorized } from '../problem.js';
import { roleMayAccess, type Access, type Principal } from './access.js';
import { API_TOKEN_PREFIX, randomToken, safeEqual, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'parapet_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 12 * HOUR;
/** …and after this long in any case. */
export const SESSION_MAX_MS = 7 * DAY;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthDeps {
  db: Db;
  clock: Clock;
  /** Served over TLS: cookies get `Secure`. */
  secureCookies: boolean;
}

export async function startSession(deps: AuthDeps, reply: FastifyReply, user: Pick<UsersTable, 'id'>): Promise<{ csrfToken: string }> {
  const now = deps.clock.now();
  const value = randomToken();
  const csrfToken = randomToken();
  await insertSession(deps.db, { id_hash: sha256(value), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: now + SESSION_IDLE_MS, last_seen_at: now });
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, maxAge: SESSION_MAX_MS / 1000 });
  return { csrfToken };
}

export async function endSession(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.principal?.sessionIdHash) await deleteSession(deps.db, request.principal.sessionIdHash);
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies });
}

function toPrincipal(user: UsersTable, rest: Omit<Principal, 'userId' | 'username' | 'role'>): Principal {
  return { userId: user.id, username: user.username, role: user.role, ...rest };
}

async function identify(deps: AuthDeps, request: FastifyRequest): Promise<Principal | null> {
  const now = deps.clock.now();
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]?.startsWith(API_TOKEN_PREFIX)) throw unauthorized('The Authorization header must be `Bearer ppt_…` with an API token from Settings → API tokens.');
    const found = await findApiToken(deps.db, sha256(match[1]), now);
    if (!found) throw unauthorized('This API token is unknown, revoked or expired: create a new one in Settings → API tokens.');
    if (found.user.disabled) throw unauthorized('The user this API token belongs to is disabled.');
    if ((found.token.last_used_at ?? 0) < now - MINUTE) await markApiTokenUsed(deps.db, found.token.id, now);
    return toPrincipal(found.user, { via: 'token', csrfToken: null, sessionIdHash: null, tokenScope: found.token.scope, tokenId: found.token.id });
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const idHash = sha256(cookie);
  const found = await findSession(deps.db, idHash, now);
  if (!found || found.user.disabled || found.session.created_at + SESSION_MAX_MS <= now) return null;
  if (found.session.last_seen_at < now - MINUTE) {
    await touchSession(deps.db, idHash, { lastSeenAt: now, expiresAt: Math.min(now + SESSION_IDLE_MS, Number(found.session.created_at) + SESSION_MAX_MS) });
  }
  return toPrincipal(found.user, { via: 'session', csrfToken: found.session.csrf_token, sessionIdHash: idHash, tokenScope: null, tokenId: null });
}

/**
 * Authenticates every request (session cookie or API token) and enforces the route's access rule, CSRF
 * for cookie sessions and the token's scope, before the body is read. Records changes, sensitive reads and
 * refused requests of signed-in callers in the audit log before the answer leaves (onSend, not onResponse): a client that reads the audit log
 * right after its request finds the entry, on PostgreSQL too, where the write is a round trip.
 */
export function installAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access: Access | undefined = request.routeOptions.config.access;
    if (!access) throw forbidden(`The route ${request.routeOptions.url ?? ''} has no access rule; it is refused until it gets one.`);
    request.principal = await identify(deps, request);
    if (access === 'public') return;
    const principal = request.principal;
    if (!principal) throw unauthorized();
    const writes = !SAFE_METHODS.has(request.method);
    if (writes && principal.via === 'session') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw forbidden(`This request changes something: send the header ${CSRF_HEADER} with the csrfToken from /api/v1/auth/me.`);
      }
    }
    if (writes && principal.via === 'token' && principal.tokenScope !== 'read-write') {
      throw forbidden('This API token is read-only; this request needs a token with scope read-write.', 'read-write');
    }
    if (!roleMayAccess(principal.role, access)) {
      const needs = access === 'admin' ? 'admin' : access === 'analyst' ? 'analyst or admin' : 'a signed-in user';
      throw forbidden(`Your role (${principal.role}) cannot do this: it needs ${needs}.`);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const principal = request.principal;
    // A signed-in caller refused (role, token scope, CSRF) is on the record too: probing is worth seeing.
    const refused = reply.statusCode === 403;
    if (!principal || request.is404 || (reply.statusCode >= 400 && !refused)) return payload;
    const changes = !SAFE_METHODS.has(request.method);
    if (!changes && !request.routeOptions.config.auditRead && !refused) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const body = request.body && typeof request.body === 'object' ? Object.keys(request.body as object) : [];
    try {
      await recordAudit(deps.db, {
        actorUserId: principal.userId,
        actorName: principal.username,
        via: principal.via,
        action: `${request.method} ${request.routeOptions.url ?? ''}`,
        targetType: (request.routeOptions.url ?? '').split('/')[3] ?? null,
        targetId: typeof params.id === 'string' ? params.id : null,
        // Field names, never values: bodies carry passwords, connector secrets and policy sources.
        detail: changes ? { fields: body, status: reply.statusCode } : { query: request.query ?? {}, ...(refused ? { status: reply.statusCode } : {}) },
        ip: request.ip,
        now: deps.clock.now(),
      });
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'could not write the audit log');
    }
    return payload;
  });
}
