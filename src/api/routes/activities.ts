import { Readable } from 'node:stream';
import { z } from 'zod';
import { ActivitySchema, type Activity } from '../../core/activity.js';
import { parseCidr, parseIp, rangeContains } from '../../detection/enrichment/ip.js';
import { getActivity, searchActivities, type ActivitySearch } from '../../store/repos/activity-search.js';
import { exportActivities } from '../activity-export.js';
import { connectionIdNamed } from '../connection-ref.js';
import type { ApiContext, ZodApp } from '../context.js';
import { CursorSchema, decodeCursor, encodeCursor, LimitSchema, pageOf } from '../cursor.js';
import { invalid, notFound, problemResponses } from '../problem.js';
import { IdParamsSchema } from '../schemas.js';

const time = z
  .string()
  .max(40)
  .transform((value, c) => {
    const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(n)) {
      c.addIssue({ code: 'custom', message: 'an ISO 8601 time (2026-05-01T10:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    return n;
  })
  .optional();

export const ActivityFilterSchema = z.object({
  from: time.describe('Oldest time, inclusive (ISO 8601 or epoch ms)'),
  to: time.describe('Newest time, exclusive'),
  user: z.string().max(320).optional().describe("The actor's e-mail or provider user id"),
  ip: z.string().max(64).optional(),
  cidr: z.string().max(64).optional().describe('Source address within this range (IPv4 or IPv6)'),
  country: z.string().length(2).optional().describe('ISO 3166 alpha-2 country of the source address'),
  action: z.string().max(500).optional().describe('One action, or several separated by commas'),
  outcome: z.enum(['success', 'failure', 'unknown']).optional(),
  app: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  connector: z.string().max(200).optional().describe('Connector id or name'),
  q: z.string().max(200).optional().describe('Text in the actor, message, event type or address'),
});
type ActivityFilterQuery = z.infer<typeof ActivityFilterSchema>;

const KeySchema = z.object({ time: z.number().int(), id: z.string() });
const ActivityListItemSchema = ActivitySchema.omit({ raw: true }).meta({ id: 'ActivitySummary' });
const ActivityWithRawSchema = ActivitySchema.meta({ id: 'Activity' });

/** API filters -> store filters (+ the CIDR test SQL cannot do). */
async function toSearch(ctx: ApiContext, query: ActivityFilterQuery): Promise<{ search: ActivitySearch; ipMatches?: (srcIp: string | null) => boolean }> {
  const search: ActivitySearch = {
    from: query.from,
    to: query.to,
    user: query.user,
    ip: query.ip,
    country: query.country,
    actions: query.action ? query.action.split(',').map((a) => a.trim()).filter(Boolean) : undefined,
    outcome: query.outcome,
    app: query.app,
    provider: query.provider,
    q: query.q?.trim() || undefined,
  };
  if (query.connector) search.instanceIds = [await connectionIdNamed(ctx.store.db, query.connector, 'query.connector')];
  if (query.cidr) {
    const range = parseCidr(query.cidr);
    if (!range) throw invalid('query.cidr', 'not a CIDR range such as 203.0.113.0/24 or 2001:db8::/32');
    return { search, ipMatches: (srcIp) => {
      const ip = parseIp(srcIp);
      return ip !== null && rangeContains(range, ip);
    } };
  }
  return { search };
}

export function activityRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;

  app.get(
    '/activities',
    {
      config: { access: 'read', auditRead: true },
      schema: {
        tags: ['activities'],
        summary: 'The activity log, newest first, with keyset paging',
        querystring: ActivityFilterSchema.extend({ limit: LimitSchema, cursor: CursorSchema }),
        response: { 200: pageOf(ActivityListItemSchema), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { search, ipMatches } = await toSearch(ctx, request.query);
      const after = decodeCursor(request.query.cursor, KeySchema);
      const matches = ipMatches && ((a: Activity) => ipMatches(a.srcIp));
      const page = await searchActivities(db, search, { after, limit: request.query.limit, ...(matches ? { matches } : {}) });
      // The hot path of the portal: items are built from typed store rows, so the response is written
      // with JSON.stringify rather than re-validated field by field (the schema still documents it).
      reply.serializer(JSON.stringify);
      return { items: page.items.map(({ raw: _raw, ...rest }) => rest), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/activities/export',
    {
      config: { access: 'read', auditRead: true },
      schema: {
        tags: ['activities'],
        summary: 'Every matching activity as JSON lines or CSV, streamed (constant memory)',
        querystring: ActivityFilterSchema.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') }),
        produces: ['application/x-ndjson', 'text/csv'],
        response: { 200: z.string().describe('JSON lines (one Activity per line) or CSV with a header row'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const { search, ipMatches } = await toSearch(ctx, filter);
      const stamp = new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, '-');
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="parapet-activities-${stamp}.${format}"`);
      // Readable.from pulls the next page only when the client has read the previous one.
      // Streams bypass the serializer; the 200 schema documents the body for OpenAPI.
      return reply.send(Readable.from(exportActivities(db, search, { format, ipMatches }), { objectMode: false }) as unknown as string);
    },
  );

  app.get(
    '/activities/:id',
    {
      config: { access: 'read', auditRead: true },
      schema: { tags: ['activities'], summary: 'One activity with its raw provider record', params: IdParamsSchema, response: { 200: ActivityWithRawSchema, ...problemResponses } },
    },
    async (request) => {
      const activity = await getActivity(db, request.params.id);
      if (!activity) throw notFound(`No activity with id ${request.params.id}.`);
      return activity;
    },
  );
}
