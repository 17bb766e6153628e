import type { FastifyReply } from 'fastify';

/** Zoom's error body: `{code, message}`, `code` being Zoom's own (digest §6). */
export function zoomError(reply: FastifyReply, status: number, code: number, message: string) {
  return reply.code(status).send({ code, message });
}

/** An opaque `next_page_token`: the query it belongs to, where the next page starts, and when it was issued. */
export interface PageCursor {
  /** The query (path and bounds) the token belongs to. */
  q: string;
  /** Index of the next item, or the (at, id) of the last one served. */
  o?: number;
  at?: number;
  id?: string;
  /** Real-time epoch ms it was issued (tokens expire after 15 minutes). */
  i: number;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): PageCursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageCursor;
    return typeof value.q === 'string' && typeof value.i === 'number' ? value : null;
  } catch {
    return null;
  }
}

/** `page_size`: default 30, 1..300; null when invalid. */
export function pageSizeOf(text: unknown, cap: number): number | null {
  if (text === undefined || text === '') return Math.min(30, cap);
  const n = typeof text === 'string' && /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 300) return null;
  return Math.min(n, cap);
}
