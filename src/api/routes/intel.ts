import { z } from 'zod';
import { INDICATOR_KINDS, RANGE_TAGS } from '../../detection/enrichment/enricher.js';
import { canonicalCidr } from '../../detection/enrichment/ip.js';
import { parseIpList } from '../../detection/enrichment/ip-list.js';
import { addIpRange, listFeeds, listIpRanges, removeIpRange, replaceFeed } from '../../store/repos/ip-ranges.js';
import type { ApiContext, ZodApp } from '../context.js';
import { ApiProblem, invalid, problemResponses } from '../problem.js';
import { IdParamsSchema } from '../schemas.js';

const IpRangeSchema = z.object({ id: z.string(), cidr: z.string(), tag: z.enum(RANGE_TAGS), label: z.string().nullable(), createdAt: z.number().int() }).meta({ id: 'IpRange' });
const FeedSchema = z.object({ feed: z.string(), kind: z.enum(INDICATOR_KINDS), entries: z.number().int(), importedAt: z.number().int() }).meta({ id: 'Feed' });

export function intelRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;

  app.get(
    '/ip-ranges',
    { config: { access: 'read' }, schema: { tags: ['intel'], summary: 'Admin IP ranges and their tags (corporate, vpn, cloud, risky)', response: { 200: z.object({ items: z.array(IpRangeSchema) }), ...problemResponses } } },
    async () => ({ items: await listIpRanges(db) }),
  );

  app.post(
    '/ip-ranges',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['intel'],
        summary: 'Add an IP range with a tag',
        body: z.object({ cidr: z.string().min(1).max(64), tag: z.enum(RANGE_TAGS), label: z.string().trim().max(200).nullable().optional() }),
        response: { 201: IpRangeSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const cidr = canonicalCidr(request.body.cidr);
      if (!cidr) throw invalid('body.cidr', 'not an address or CIDR range such as 203.0.113.0/24');
      return reply.code(201).send(await addIpRange(db, { cidr, tag: request.body.tag, label: request.body.label ?? null, now: ctx.clock.now() }));
    },
  );

  app.delete(
    '/ip-ranges/:id',
    { config: { access: 'analyst' }, schema: { tags: ['intel'], summary: 'Remove an IP range', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await removeIpRange(db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/intel/feeds',
    { config: { access: 'read' }, schema: { tags: ['intel'], summary: 'Imported threat feeds', response: { 200: z.object({ items: z.array(FeedSchema) }), ...problemResponses } } },
    async () => ({ items: await listFeeds(db) }),
  );

  app.post(
    '/intel/feeds',
    {
      config: { access: 'analyst' },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['intel'],
        summary: 'Import a feed of addresses and ranges (replaces the feed of the same name)',
        body: z.object({
          kind: z.enum(INDICATOR_KINDS),
          name: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore').optional().describe('@default the kind'),
          text: z.string().min(1).describe('One address or CIDR range per line; # starts a comment'),
        }),
        response: { 200: z.object({ feed: z.string(), imported: z.number().int(), rejected: z.array(z.object({ line: z.number().int(), text: z.string() })) }), ...problemResponses },
      },
    },
    async (request) => {
      const { kind, text } = request.body;
      const feed = request.body.name ?? kind;
      const parsed = parseIpList(text);
      if (parsed.values.length === 0) throw new ApiProblem(422, 'Unprocessable Content', 'The text holds no address or CIDR range; nothing was imported.', [{ path: 'body.text', message: 'one address or CIDR range per line' }]);
      const imported = await db.transaction().execute((trx) => replaceFeed(trx, feed, kind, parsed.values, ctx.clock.now()));
      return { feed, imported, rejected: parsed.rejected.slice(0, 100).map((r) => ({ line: r.line, text: r.text.slice(0, 200) })) };
    },
  );
}
