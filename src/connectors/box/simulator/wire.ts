import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

const HELP = 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/';

/** Box's `ClientError` body (digest §6). */
export function sendBoxError(reply: FastifyReply, status: number, code: string, message: string, contextInfo?: Record<string, unknown>) {
  return reply.code(status).send({ type: 'error', status, code, message, ...(contextInfo ? { context_info: contextInfo } : {}), help_url: HELP, request_id: randomBytes(6).toString('hex') });
}

/** `fields=` replaces the default set: only `type`, `id` and the requested fields come back. */
export function pickFields(full: Record<string, unknown>, defaults: readonly string[], fields: string | undefined): Record<string, unknown> {
  const wanted = fields ? ['type', 'id', ...fields.split(',').map((f) => f.trim()).filter(Boolean)] : ['type', 'id', ...defaults];
  const out: Record<string, unknown> = {};
  for (const key of wanted) if (key in full) out[key] = full[key];
  return out;
}

export function encodeMarker(index: number): string {
  return Buffer.from(`m:${index}`).toString('base64url');
}

export function decodeMarker(marker: string): number | null {
  const m = /^m:(\d{1,9})$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}
