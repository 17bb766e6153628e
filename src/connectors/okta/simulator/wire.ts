import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from './state.js';

/** Okta's one error body (digest §7). */
export function sendOktaError(reply: FastifyReply, status: number, code: string, summary: string, causes: string[] = []): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send({ errorCode: code, errorSummary: summary, errorLink: code, errorId: `oae${randomBytes(8).toString('base64url').slice(0, 19)}`, errorCauses: causes.map((errorSummary) => ({ errorSummary })) });
}

export const invalidToken = (reply: FastifyReply) => sendOktaError(reply, 401, 'E0000011', 'Invalid token provided');
export const forbidden = (reply: FastifyReply) => sendOktaError(reply, 403, 'E0000006', 'You do not have permission to perform the requested action');
export const notFound = (reply: FastifyReply, id: string, kind: string) => sendOktaError(reply, 404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
export const invalid = (reply: FastifyReply, cause: string) => sendOktaError(reply, 400, 'E0000001', 'Api validation failed: ' + cause.split(':')[0], [cause]);

/**
 * Checks the caller's credential: the SSWS API token acts as the admin who made it (every scope); an OAuth
 * access token only has the scopes it was granted. Answers 401/403 itself and returns false.
 */
export function authorize(state: SimulatorState, req: FastifyRequest, reply: FastifyReply, scope: string): boolean {
  const header = req.headers.authorization ?? '';
  const ssws = /^SSWS\s+(\S+)$/i.exec(header)?.[1];
  if (ssws !== undefined) {
    if (ssws === state.tenant.apiToken) return true;
    invalidToken(reply);
    return false;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const token = bearer ? state.tokens.get(bearer) : undefined;
  if (!token || token.expiresAt <= Date.now()) {
    reply.header('www-authenticate', 'Bearer authorization_uri="http://okta/oauth2/v1/authorize", realm="http://okta", scope="' + scope + '", error="invalid_token", error_description="The token is not valid.", resource="' + req.url.split('?')[0] + '"');
    invalidToken(reply);
    return false;
  }
  const manage = scope.replace(/\.read$/, '.manage');
  if (!token.scopes.has(scope) && !token.scopes.has(manage)) {
    reply.header('www-authenticate', `Bearer error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", scope="${scope}"`);
    forbidden(reply);
    return false;
  }
  return true;
}

/** Sends Okta's separate `Link` header lines: self always, next when there is more. */
export function linkHeaders(reply: FastifyReply, self: string, next: string | null): void {
  const links = [`<${self}>; rel="self"`];
  if (next) links.push(`<${next}>; rel="next"`);
  reply.header('link', links);
}

export function query(req: FastifyRequest): Record<string, string | undefined> {
  return req.query as Record<string, string | undefined>;
}

/** An opaque cursor over a list ordered by id: the id of the last item served. */
export function pageOf<T>(state: SimulatorState, req: FastifyRequest, reply: FastifyReply, items: T[], idOf: (item: T) => string, defaultLimit: number, maxLimit: number): T[] | null {
  const q = query(req);
  const limit = q.limit === undefined ? defaultLimit : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    invalid(reply, `limit: must be a positive integer, got ${q.limit}`);
    return null;
  }
  const size = Math.min(limit, maxLimit);
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1));
  const start = q.after ? sorted.findIndex((item) => idOf(item) > (q.after as string)) : 0;
  const page = start < 0 ? [] : sorted.slice(start, start + size);
  const path = req.url.split('?')[0] as string;
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'after'));
  const self = `${state.baseUrl}${req.url}`;
  const more = start >= 0 && start + size < sorted.length;
  const last = page.at(-1);
  if (more && last !== undefined) params.set('after', idOf(last));
  linkHeaders(reply, self, more ? `${state.baseUrl}${path}?${params.toString()}` : null);
  return page;
}
