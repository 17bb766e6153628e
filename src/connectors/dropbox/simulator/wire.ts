import type { FastifyReply } from 'fastify';

/**
 * Dropbox's route error (HTTP 409, or 401 for auth): `{error_summary, error:{".tag", …}}`. The summary is
 * the tag path joined by `/` with a trailing `/..` or `/...` (digest §6).
 */
export function routeError(reply: FastifyReply, status: number, tag: string, extra: Record<string, unknown> = {}): FastifyReply {
  const trail = Object.keys(extra).length > 0 ? '/...' : '/..';
  return reply.code(status).header('content-type', 'application/json').send(JSON.stringify({ error_summary: `${tag}${trail}`, error: { '.tag': tag, ...extra } }));
}

/** A malformed request: HTTP 400 with Dropbox's plain-text body naming the route. */
export function badInput(reply: FastifyReply, route: string, why: string): FastifyReply {
  return reply.code(400).header('content-type', 'text/plain; charset=utf-8').send(`Error in call to API function "${route}": ${why}`);
}

/** HTTP 429: `Retry-After` in seconds and the JSON body with the same number. */
export function tooManyRequests(reply: FastifyReply, seconds: number, reason = 'too_many_requests'): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .header('content-type', 'application/json')
    .send(JSON.stringify({ error_summary: `${reason}/...`, error: { reason: { '.tag': reason }, retry_after: seconds } }));
}

/** `null`: what Dropbox answers to a route whose result is void (suspend, revoke). */
export function voidResult(reply: FastifyReply): FastifyReply {
  return reply.code(200).header('content-type', 'application/json').send('null');
}

/** A union value as requests may send it: `{".tag": x}` or the bare string `x` (void tags). */
export function tagOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)['.tag'] === 'string') return (value as Record<string, string>)['.tag'] ?? null;
  return null;
}

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
