import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { glideTime } from '../../client.js';
import { compileQuery, sortRows, type Row } from '../query.js';
import type { SimulatorState } from '../state.js';
import { COLUMNS, HIDDEN_FIELDS, REFERENCES, sysId } from '../tenant.js';
import { authorize, sendSnError } from '../wire.js';

/** The Table API's page-size default when `sysparm_limit` is omitted (digest §3). */
export const DEFAULT_LIMIT = 10_000;

type Q = Record<string, string | undefined>;

/** What a reference shows as its display value. */
const DISPLAY_FIELD: Record<string, string> = { sys_user: 'name', sys_user_role: 'name', sys_user_group: 'name' };

/** One row as the Table API writes it: the asked fields, references as `{link,value}` unless excluded, every value a string. */
function render(state: SimulatorState, table: string, row: Row, q: Q): Record<string, unknown> {
  const ctx = state.queryContext(table);
  const asked = q.sysparm_fields ? q.sysparm_fields.split(',').map((f) => f.trim()).filter(Boolean) : [...(COLUMNS[table] ?? [])];
  const mode = (q.sysparm_display_value ?? 'false').toLowerCase();
  const noLinks = (q.sysparm_exclude_reference_link ?? 'false').toLowerCase() === 'true';
  const out: Record<string, unknown> = {};
  for (const field of asked) {
    if (!ctx.knows(field)) continue;
    const raw = HIDDEN_FIELDS.has(field) ? '' : (ctx.get(row, field) ?? '');
    const refTable = field.includes('.') ? undefined : REFERENCES[table]?.[field];
    if (refTable) {
      const target = raw ? state.byId(refTable, raw) : undefined;
      const display = target ? (target[DISPLAY_FIELD[refTable] ?? 'sys_id'] ?? '') : '';
      const link = `${state.baseUrl}/api/now/table/${refTable}/${raw}`;
      if (mode === 'all') out[field] = raw ? { display_value: display, value: raw, ...(noLinks ? {} : { link }) } : { display_value: '', value: '' };
      else if (mode === 'true') out[field] = raw && !noLinks ? { display_value: display, link } : display;
      else out[field] = raw && !noLinks ? { link, value: raw } : raw;
    } else out[field] = mode === 'all' ? { display_value: raw, value: raw } : raw;
  }
  return out;
}

function linkHeader(state: SimulatorState, req: FastifyRequest, offset: number, limit: number, total: number): string | null {
  if (total <= limit && offset === 0) return null;
  const path = req.url.split('?')[0] as string;
  const params = new URLSearchParams(Object.entries(req.query as Q).filter((e): e is [string, string] => e[1] !== undefined));
  const at = (o: number) => {
    params.set('sysparm_offset', String(o));
    params.set('sysparm_limit', String(limit));
    return `<${state.baseUrl}${path}?${params.toString()}>`;
  };
  const lastOffset = Math.max(0, Math.floor((total - 1) / limit) * limit);
  const parts = [`${at(0)};rel="first"`];
  if (offset > 0) parts.push(`${at(Math.max(0, offset - limit))};rel="prev"`);
  if (offset + limit < total) parts.push(`${at(offset + limit)};rel="next"`);
  parts.push(`${at(lastOffset)};rel="last"`);
  return parts.join(',');
}

function intParam(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** Fields the governance actions may change on sys_user, each audited (sys_user is an audited table). */
const PATCHABLE: Record<string, readonly string[]> = { sys_user: ['active', 'locked_out'] };

export function tableRoutes(app: FastifyInstance, state: SimulatorState): void {
  const unknownTable = (reply: FastifyReply, table: string) => sendSnError(reply, 400, `Invalid table ${table}`, null);

  const list = async (req: FastifyRequest<{ Params: { table: string } }>, reply: FastifyReply) => {
    if (!authorize(state, req, reply)) return reply;
    const { table } = req.params;
    if (!COLUMNS[table]) return unknownTable(reply, table);
    const q = req.query as Q;
    const limit = intParam(q.sysparm_limit, DEFAULT_LIMIT);
    const offset = intParam(q.sysparm_offset, 0);
    if (limit === null || offset === null) return sendSnError(reply, 400, 'Invalid parameter', `sysparm_limit and sysparm_offset must be whole numbers, got ${q.sysparm_limit ?? ''} / ${q.sysparm_offset ?? ''}`);
    const ctx = state.queryContext(table);
    const compiled = compileQuery(q.sysparm_query, ctx);
    const rows = sortRows(state.visible(table).filter(compiled.filter), compiled.order, ctx);
    const size = Math.max(1, limit);
    const page = rows.slice(offset, offset + size);
    if ((q.sysparm_suppress_pagination_header ?? 'false') !== 'true') {
      const link = linkHeader(state, req, offset, size, rows.length);
      if (link) reply.header('link', link);
    }
    if ((q.sysparm_no_count ?? 'false') !== 'true') reply.header('x-total-count', String(rows.length));
    return reply.header('content-type', 'application/json;charset=UTF-8').send({ result: page.map((r) => render(state, table, r, q)) });
  };
  app.get('/api/now/table/:table', list);
  app.get('/api/now/v2/table/:table', list);

  const one = async (req: FastifyRequest<{ Params: { table: string; id: string } }>, reply: FastifyReply) => {
    if (!authorize(state, req, reply)) return reply;
    const { table, id } = req.params;
    if (!COLUMNS[table]) return unknownTable(reply, table);
    const row = state.visible(table).find((r) => r.sys_id === id);
    if (!row) return sendSnError(reply, 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    return reply.send({ result: render(state, table, row, req.query as Q) });
  };
  app.get('/api/now/table/:table/:id', one);
  app.get('/api/now/v2/table/:table/:id', one);

  /** PATCH: 200 with the whole updated record (digest §8.8); each changed field audited as the integration user. */
  const patch = async (req: FastifyRequest<{ Params: { table: string; id: string } }>, reply: FastifyReply) => {
    if (!authorize(state, req, reply)) return reply;
    const { table, id } = req.params;
    if (!COLUMNS[table]) return unknownTable(reply, table);
    const row = state.visible(table).find((r) => r.sys_id === id);
    if (!row) return sendSnError(reply, 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) return sendSnError(reply, 400, 'Exception while reading request', 'The payload is not valid JSON.');
    const allowed = PATCHABLE[table] ?? [];
    const by = state.tenant.integration.userName;
    const at = state.now();
    for (const [field, value] of Object.entries(body)) {
      // Unknown or read-only fields are ignored, as the Table API does.
      if (!allowed.includes(field)) continue;
      const next = String(value);
      if (next !== 'true' && next !== 'false') continue;
      const old = row[field] ?? '';
      if (old === next) continue;
      row[field] = next;
      row.sys_updated_on = glideTime(at);
      row.sys_updated_by = by;
      row.sys_mod_count = String(Number(row.sys_mod_count ?? '0') + 1);
      state.table('sys_audit')?.push({ sys_id: sysId(state.tenant.rng), sys_created_on: glideTime(at), sys_created_by: by, tablename: table, documentkey: id, fieldname: field, oldvalue: old, newvalue: next, user: by, reason: '', record_checkpoint: row.sys_mod_count, internal_checkpoint: sysId(state.tenant.rng).slice(0, 18) });
    }
    return reply.send({ result: render(state, table, row, req.query as Q) });
  };
  app.patch('/api/now/table/:table/:id', patch);
  app.patch('/api/now/v2/table/:table/:id', patch);
}
