import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedToken } from './oauth-state.js';
import type { SimulatorState } from './state.js';
import type { SimUser } from './tenant.js';

/** DocuSign's API families word their errors differently (digest §3.6, §5.1). */
export type ApiFamily = 'esign' | 'admin' | 'monitor' | 'oauth';

export function familyOf(url: string): ApiFamily {
  if (/^\/restapi\//i.test(url)) return 'esign';
  if (/^\/management\//i.test(url)) return 'admin';
  if (/^\/oauth\//i.test(url)) return 'oauth';
  return 'monitor';
}

/** Sends an error in the family's own shape: eSignature `{errorCode, message}`, others `{error, error_description}`. */
export function sendError(reply: FastifyReply, status: number, family: ApiFamily, code: string, message: string): FastifyReply {
  const body = family === 'esign' ? { errorCode: code, message } : { error: code, error_description: message };
  return reply.code(status).send(body);
}

/** Admin-API style timestamp: ISO without the zone designator (`2019-04-01T22:11:56.457`). */
export function adminTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, -1);
}

/** eSignature style timestamp: seven fractional digits and `Z`. */
export function esignTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, ms3: string) => `.${ms3}0000Z`);
}

export interface Caller {
  token: IssuedToken;
  user: SimUser;
}

/** The caller behind the bearer token, or a 401 in the family's wording (then returns null). */
export function authenticate(state: SimulatorState, req: FastifyRequest, reply: FastifyReply, family: ApiFamily): Caller | null {
  const token = state.oauth.resolve(req.headers.authorization);
  const user = token ? state.userById(token.userId) : undefined;
  if (!token || !user) {
    if (family === 'esign') {
      sendError(reply, 401, family, 'USER_AUTHENTICATION_FAILED', 'One or both of Username and Password are invalid. Invalid access token');
    } else if (family === 'oauth') {
      sendError(reply, 401, family, 'invalid_token', 'The access token is missing, invalid or expired.');
    } else {
      sendError(reply, 401, family, 'unauthorized', 'The access token is missing, invalid or expired.');
    }
    return null;
  }
  return { token, user };
}

/** Refuses a token that lacks `scope` (403), returning false. */
export function requireScope(caller: Caller, scope: string, reply: FastifyReply, family: ApiFamily): boolean {
  if (caller.token.scopes.includes(scope)) return true;
  if (family === 'esign') sendError(reply, 403, family, 'USER_LACKS_PERMISSIONS', `This user lacks sufficient permissions to access this resource: the access token was not granted the ${scope} scope.`);
  else sendError(reply, 403, family, 'forbidden', `The access token was not granted the ${scope} scope.`);
  return false;
}

export type Query = Record<string, string | undefined>;

export function queryOf(req: FastifyRequest): Query {
  return (req.query ?? {}) as Query;
}

export function paramsOf(req: FastifyRequest): Record<string, string> {
  return (req.params ?? {}) as Record<string, string>;
}

/** An integer query parameter within [min, max]; `fallback` when absent; null when malformed. */
export function intParam(value: string | undefined, fallback: number, min: number, max: number): number | null {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** The URL clients reached us at, for absolute `paging.next` links. */
export function origin(req: FastifyRequest, state: SimulatorState): string {
  const host = req.headers.host;
  return host ? `http://${host}` : state.baseUrl;
}
