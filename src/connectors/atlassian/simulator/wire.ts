import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AtlassianState } from './state.js';

/** The organisation APIs' error body (digest §6): `status` is a string. */
export function sendError(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send({ errors: [{ id: crypto.randomUUID(), status: String(status), code, title, detail }] });
}

export const badRequest = (reply: FastifyReply, detail: string) => sendError(reply, 400, 'ADMIN-400', 'BAD_REQUEST', detail);

/** Checks the bearer API key and the org id of the path; answers 401/404 itself and returns false. */
export function authorize(state: AtlassianState, req: FastifyRequest, reply: FastifyReply): boolean {
  const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (key !== state.tenant.apiKey) {
    sendError(reply, 401, 'ADMIN-401', 'UNAUTHORIZED', 'The API key is missing, invalid or expired.');
    return false;
  }
  const orgId = (req.params as { orgId?: string }).orgId;
  if (orgId !== undefined && orgId !== state.tenant.org.id) {
    sendError(reply, 404, 'ADMIN-404-2', 'ORG_NOT_FOUND', `Organization ${orgId} not found.`);
    return false;
  }
  return true;
}

export function query(req: FastifyRequest): Record<string, string | undefined> {
  return req.query as Record<string, string | undefined>;
}

/** `from`/`to` in epoch milliseconds (the OpenAPI) or seconds (go-atlassian sends them): below 1e12 is seconds (digest §8). */
export function epochParam(text: string | undefined): number | null | 'invalid' {
  if (text === undefined || text === '') return null;
  if (!/^\d+$/.test(text)) return 'invalid';
  const n = Number(text);
  return n < 1e12 ? n * 1000 : n;
}

export function limitParam(text: string | undefined, fallback: number, max: number): number | 'invalid' {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : 'invalid';
}

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(text: string): T | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as T) : null;
  } catch {
    return null;
  }
}
