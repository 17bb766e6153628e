import type { FastifyReply } from 'fastify';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's JSON error body (digest §7). */
export function sendGoogleError(reply: FastifyReply, code: number, reason: string, message: string, domain = 'global'): FastifyReply {
  return reply
    .code(code)
    .header('content-type', 'application/json; charset=UTF-8')
    .send({ error: { code, message, errors: [{ message, domain, reason }], status: STATUS_NAMES[code] ?? 'UNKNOWN' } });
}

export const invalidCredentials = (reply: FastifyReply) =>
  sendGoogleError(reply, 401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');

export const insufficientScopes = (reply: FastifyReply) => sendGoogleError(reply, 403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');

/** A page token the simulator can read back: base64url of JSON. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeToken<T>(token: string | undefined): T | null | 'invalid' {
  if (!token) return null;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return 'invalid';
  }
}
