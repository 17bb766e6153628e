import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SlackState } from '../state.js';

/** Slack lets a client ask for up to 9,999 entries; collectors usually ask for 100-200. */
export const AUDIT_MAX_LIMIT = 9999;
const AUDIT_DEFAULT_LIMIT = 100;

/** Audit Logs answers with real HTTP statuses and `{ok:false, error}` bodies (digest §6). */
export function auditError(reply: FastifyReply, status: number, error: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ ok: false, error, ...extra });
}

function encodeCursor(dateCreate: number, id: string): string {
  return Buffer.from(`${dateCreate}:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { dateCreate: number; id: string } | null {
  const match = /^(\d{1,12}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { dateCreate: Number(match[1]), id: match[2] as string } : null;
}

const intOr = (text: unknown, fallback: number | null): number | null => {
  if (text === undefined || text === '') return fallback;
  return typeof text === 'string' && /^\d{1,12}$/.test(text) ? Number(text) : NaN;
};

/** `GET /audit/v1/logs` (newest first, cursor in the body), `/actions` and `/schemas`. */
export function auditRoutes(app: FastifyInstance, state: SlackState): void {
  app.get('/audit/v1/logs', async (req: FastifyRequest, reply) => {
    const kind = state.tokenKind(req.headers.authorization);
    if (!req.headers.authorization) return auditError(reply, 401, 'not_authed');
    if (kind === null) return auditError(reply, 401, 'invalid_authentication');
    if (kind !== 'audit') return auditError(reply, 403, 'missing_scope', { needed: 'auditlogs:read' });
    if (state.options.enterpriseGrid === false) return auditError(reply, 403, 'feature_not_enabled');
    const query = req.query as Record<string, string | undefined>;
    const oldest = intOr(query.oldest, 0);
    const latest = intOr(query.latest, Math.floor(state.now() / 1000));
    const limit = intOr(query.limit, AUDIT_DEFAULT_LIMIT);
    if (oldest === null || latest === null || Number.isNaN(oldest) || Number.isNaN(latest) || oldest > latest) return auditError(reply, 400, 'invalid_range');
    if (limit === null || Number.isNaN(limit) || limit < 1 || limit > AUDIT_MAX_LIMIT) return auditError(reply, 400, 'invalid_arguments', { detail: `limit must be 1..${AUDIT_MAX_LIMIT}` });
    const pageSize = Math.min(limit, state.options.pageSize ?? AUDIT_MAX_LIMIT);
    let after: { dateCreate: number; id: string } | null = null;
    if (query.cursor) {
      after = decodeCursor(query.cursor);
      if (!after) return auditError(reply, 400, 'invalid_cursor');
    }
    const actions = query.action ? new Set(query.action.split(',')) : null;
    const page = [];
    let more = false;
    for (const entry of state.visible()) {
      if (entry.date_create > latest || entry.date_create < oldest) continue;
      if (actions && !actions.has(entry.action)) continue;
      if (after && (entry.date_create > after.dateCreate || (entry.date_create === after.dateCreate && entry.id >= after.id))) continue;
      if (page.length === pageSize) {
        more = true;
        break;
      }
      page.push(entry);
    }
    const last = page[page.length - 1];
    return reply.send({ entries: page, response_metadata: { next_cursor: more && last ? encodeCursor(last.date_create, last.id) : '' } });
  });

  app.get('/audit/v1/schemas', async () => ({
    schemas: ['user', 'workspace', 'enterprise', 'channel', 'file', 'app', 'workflow', 'usergroup', 'barrier', 'message', 'role'].map((type) => ({ type })),
  }));
}
