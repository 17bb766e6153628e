import { z } from 'zod';
import { CAPABILITIES, type AnyConnector } from '../../connectors/sdk/define-connector.js';
import { errorMessage } from '../../core/errors.js';
import { activityTotals } from '../../store/repos/activity-search.js';
import { createInstance, deleteInstance, findInstance, listInstances, setInstanceEnabled, type ConnectorInstance } from '../../store/repos/connector-instances.js';
import { getStreamStates } from '../../store/repos/stream-states.js';
import { connectionHealth, type StreamHealth } from '../../sync/stream-health.js';
import type { ApiContext, ZodApp } from '../context.js';
import { ApiProblem, notFound, problemResponses } from '../problem.js';
import { IdParamsSchema, JsonObjectSchema } from '../schemas.js';

const ConnectorTypeSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    capabilities: z.record(z.string(), z.boolean()),
    multiInstance: z.boolean(),
    configSchema: JsonObjectSchema.describe('JSON Schema (2020-12) of the config the connect wizard asks for'),
    secretFields: z.array(z.string()),
    prerequisites: z.array(z.string()),
    consentUrl: z.string().nullable().describe('The provider consent page, with {field} and {redirectUri} placeholders'),
    streams: z.array(z.object({ name: z.string(), kind: z.enum(['snapshot', 'incremental']), entity: z.string() })),
  })
  .meta({ id: 'ConnectorType' });

const StreamStatusSchema = z.object({
  stream: z.string(),
  kind: z.enum(['snapshot', 'incremental']),
  collected: z.boolean(),
  lastRunAt: z.number().int().nullable(),
  lastSuccessAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  newestEventAt: z.number().int().nullable(),
  lagSeconds: z.number().int().nullable(),
  recordsLastRun: z.number().int().nullable(),
  running: z.boolean(),
  // Completeness, the same numbers `parapet connectors` prints (src/sync/stream-health.ts).
  eventsLastDay: z.number().int().nullable().describe('Activity streams: events stored with a time in the last 24 hours'),
  usualEventsPerDay: z.number().nullable().describe('Activity streams: events per day over the 7 days before the last 24 hours'),
  lateArrivals: z.number().int().describe('Events that arrived after later ones had been read'),
  worstLateSeconds: z.number().int().describe('The longest delay of a late arrival (ingest time minus event time)'),
  duplicatesAbsorbed: z.number().int().describe('Records delivered again that the store already held'),
  pagesRetried: z.number().int().describe('Requests sent again (throttling, 5xx, network errors, malformed bodies)'),
  alerts: z.array(z.object({ kind: z.enum(['silent', 'behind']), message: z.string() })).describe('A source gone silent, or a stream that has not completed a run for too long'),
});

const ConnectorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    provider: z.string(),
    displayName: z.string(),
    status: z.enum(['connecting', 'connected', 'error', 'disabled']),
    statusReason: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.number().int(),
    lastSyncAt: z.number().int().nullable(),
    lastSuccessAt: z.number().int().nullable(),
    accounts: z.number().int(),
    activities: z.number().int(),
    budget: JsonObjectSchema.nullable().describe('The provider rate-limit budget as last seen'),
    syncing: z.boolean(),
    streams: z.array(StreamStatusSchema),
  })
  .meta({ id: 'Connector' });
type ConnectorView = z.infer<typeof ConnectorSchema>;

const CheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });

function connectorType(connector: AnyConnector): z.infer<typeof ConnectorTypeSchema> {
  let configSchema: Record<string, unknown>;
  try {
    configSchema = z.toJSONSchema(connector.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    configSchema = { type: 'object' };
  }
  return {
    id: connector.id,
    displayName: connector.displayName,
    capabilities: Object.fromEntries(CAPABILITIES.map((c) => [c, connector.capabilities.includes(c)])),
    multiInstance: connector.multiInstance,
    configSchema,
    secretFields: [...connector.secretFields],
    prerequisites: [...(connector.prerequisites ?? [])],
    consentUrl: connector.consentUrlTemplate ?? null,
    streams: Object.entries(connector.streams).map(([name, s]) => ({ name, kind: s.kind, entity: s.entity })),
  };
}

/** A stream's completeness fields (zero and empty for a connector no longer registered). */
function completeness(h: StreamHealth | undefined) {
  return {
    eventsLastDay: h?.eventsLastDay ?? null,
    usualEventsPerDay: h?.usualEventsPerDay ?? null,
    lateArrivals: h?.lateArrivals ?? 0,
    worstLateSeconds: h?.worstLateSeconds ?? 0,
    duplicatesAbsorbed: h?.duplicatesAbsorbed ?? 0,
    pagesRetried: h?.pagesRetried ?? 0,
    alerts: h?.alerts ?? [],
  };
}

export function connectorRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;

  /** The connector and its parsed config, or a 422 naming each field at fault. */
  const validConfig = (provider: string, config: unknown): { connector: AnyConnector; data: unknown } => {
    const connector = ctx.registry.get(provider);
    if (!connector) throw new ApiProblem(422, 'Unprocessable Content', `No connector "${provider}"; GET /api/v1/connector-types lists them.`, [{ path: 'body.provider', message: `one of ${ctx.registry.list().map((c) => c.id).join(', ')}` }]);
    const parsed = connector.configSchema.safeParse(config);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: ['body', 'config', ...i.path.map(String)].join('.'), message: i.message }));
      throw new ApiProblem(422, 'Unprocessable Content', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    return { connector, data: parsed.data };
  };

  const view = async (instances: ConnectorInstance[]): Promise<ConnectorView[]> => {
    const totals = await activityTotals(db);
    const accounts = new Map(
      (await db.selectFrom('accounts').select((eb) => ['connector_instance_id', eb.fn.countAll<number>().as('n')]).where('status', '!=', 'deleted').groupBy('connector_instance_id').execute()).map((r) => [
        r.connector_instance_id,
        Number(r.n),
      ]),
    );
    const now = ctx.clock.now();
    const out: ConnectorView[] = [];
    for (const instance of instances) {
      const connector = ctx.registry.get(instance.provider);
      const states = new Map((await getStreamStates(db, instance.id)).map((s) => [s.stream, s]));
      const runs = await db
        .selectFrom('sync_runs')
        .select(['stream', 'status', 'records', 'error', 'started_at'])
        .where('connector_instance_id', '=', instance.id)
        .orderBy('started_at', 'desc')
        .limit(50)
        .execute();
      const total = totals.get(instance.id);
      const health = new Map(connector ? (await connectionHealth(db, connector, instance.id, now, ctx.healthThresholds)).map((h) => [h.stream, h]) : []);
      out.push({
        id: instance.id,
        name: instance.name,
        provider: instance.provider,
        displayName: connector?.displayName ?? instance.provider,
        status: instance.status,
        statusReason: instance.statusReason,
        enabled: instance.status !== 'disabled',
        createdAt: instance.createdAt,
        lastSyncAt: instance.lastSyncAt,
        lastSuccessAt: instance.lastSuccessAt,
        accounts: accounts.get(instance.id) ?? 0,
        activities: total?.count ?? 0,
        budget: instance.budget,
        syncing: ctx.syncing.has(instance.id),
        streams: Object.entries(connector?.streams ?? {}).map(([name, stream]) => {
          const state = states.get(name);
          const lastRun = runs.find((r) => r.stream === name && r.status !== 'running');
          const incremental = stream.kind === 'incremental';
          const newest = incremental ? (total?.newest ?? null) : null;
          return {
            stream: name,
            kind: stream.kind,
            collected: !instance.streams || instance.streams.includes(name),
            lastRunAt: state?.lastRunAt ?? null,
            lastSuccessAt: state?.lastSuccessAt ?? null,
            lastError: lastRun?.status === 'failed' ? lastRun.error : null,
            newestEventAt: newest,
            lagSeconds: newest === null ? null : Math.max(0, Math.round((now - newest) / 1000)),
            recordsLastRun: lastRun ? Number(lastRun.records) : null,
            running: runs.some((r) => r.stream === name && r.status === 'running'),
            ...completeness(health.get(name)),
          };
        }),
      });
    }
    return out;
  };

  const byId = async (id: string): Promise<ConnectorInstance> => {
    const found = (await listInstances(db)).find((i) => i.id === id);
    if (!found) throw notFound(`No connector with id ${id}. GET /api/v1/connectors lists them.`);
    return found;
  };

  app.get(
    '/connector-types',
    { config: { access: 'read' }, schema: { tags: ['connectors'], summary: 'The connectors this Parapet has, with their config schema and prerequisites', response: { 200: z.object({ items: z.array(ConnectorTypeSchema) }), ...problemResponses } } },
    async () => ({ items: ctx.registry.list().map(connectorType) }),
  );

  app.get(
    '/connectors',
    { config: { access: 'read' }, schema: { tags: ['connectors'], summary: 'Connected apps with their status, lag per stream and last error', response: { 200: z.object({ items: z.array(ConnectorSchema) }), ...problemResponses } } },
    async () => ({ items: await view(await listInstances(db)) }),
  );

  app.post(
    '/connectors',
    {
      config: { access: 'admin' },
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['connectors'],
        summary: 'Connect an app: the config is validated by the connector schema; secret fields are write-only',
        body: z.object({
          provider: z.string().min(1).max(100),
          name: z.string().trim().min(1).max(100).regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'letters, digits, dot, dash and underscore, starting with a letter or digit'),
          config: JsonObjectSchema,
          streams: z.array(z.string()).min(1).optional(),
        }),
        response: { 201: ConnectorSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { provider, name, config, streams } = request.body;
      const { connector, data } = validConfig(provider, config);
      const unknown = (streams ?? []).filter((s) => !(s in connector.streams));
      if (unknown.length) throw new ApiProblem(422, 'Unprocessable Content', `Unknown streams: ${unknown.join(', ')}`, [{ path: 'body.streams', message: `each one of ${Object.keys(connector.streams).join(', ')}` }]);
      const instance = await createInstance(db, ctx.store.secrets, { name, provider, config: data, streams: streams ?? null, now: ctx.clock.now() });
      const [created] = await view([instance]);
      return reply.code(201).send(created as ConnectorView);
    },
  );

  app.post(
    '/connectors/test',
    {
      config: { access: 'admin' },
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['connectors'],
        summary: 'Test before save: run the named checks against a config without storing it (secrets are never echoed)',
        body: z.object({ provider: z.string().min(1).max(100), config: JsonObjectSchema }),
        response: { 200: z.object({ ok: z.boolean(), checks: z.array(CheckSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      const { connector, data } = validConfig(request.body.provider, request.body.config);
      return ctx.sync.testConfig(connector.id, data);
    },
  );

  app.get(
    '/connectors/:id',
    { config: { access: 'read' }, schema: { tags: ['connectors'], summary: 'One connected app', params: IdParamsSchema, response: { 200: ConnectorSchema, ...problemResponses } } },
    async (request) => (await view([await byId(request.params.id)]))[0] as ConnectorView,
  );

  app.delete(
    '/connectors/:id',
    { config: { access: 'admin' }, schema: { tags: ['connectors'], summary: 'Disconnect an app and delete what was collected from it', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      const instance = await byId(request.params.id);
      await deleteInstance(db, instance.id);
      ctx.sync.forget(instance.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/connectors/:id/test',
    {
      config: { access: 'analyst' },
      schema: { tags: ['connectors'], summary: 'Test now: credentials, permissions and APIs, as named checks', params: IdParamsSchema, response: { 200: z.object({ ok: z.boolean(), checks: z.array(CheckSchema) }), ...problemResponses } },
    },
    async (request) => {
      const instance = await byId(request.params.id);
      try {
        const { result } = await ctx.sync.testInstance(instance.id);
        return { ok: result.ok, checks: result.checks };
      } catch (error) {
        // A config that cannot even build a session is one failed check, in words.
        return { ok: false, checks: [{ name: 'config', ok: false, detail: errorMessage(error) }] };
      }
    },
  );

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(
      `/connectors/:id/${verb}`,
      { config: { access: 'analyst' }, schema: { tags: ['connectors'], summary: `${enabled ? 'Resume' : 'Pause'} collection (history and checkpoints are kept)`, params: IdParamsSchema, response: { 200: ConnectorSchema, ...problemResponses } } },
      async (request) => {
        const instance = await byId(request.params.id);
        await setInstanceEnabled(db, instance.id, enabled, ctx.clock.now());
        return (await view([await findInstance(db, instance.id)]))[0] as ConnectorView;
      },
    );
  }

  app.post(
    '/connectors/:id/sync',
    {
      config: { access: 'analyst' },
      schema: { tags: ['connectors'], summary: 'Sync now; progress shows in GET /connectors/:id', params: IdParamsSchema, response: { 202: z.object({ started: z.boolean(), detail: z.string() }), ...problemResponses } },
    },
    async (request, reply) => {
      const instance = await byId(request.params.id);
      if (instance.status === 'disabled') throw new ApiProblem(409, 'Conflict', `Connector "${instance.name}" is disabled: enable it first.`);
      if (ctx.syncing.has(instance.id)) return reply.code(202).send({ started: false, detail: 'A sync of this connector is already running.' });
      ctx.syncing.add(instance.id);
      void ctx.sync
        .syncInstance(instance.id)
        .catch((error: unknown) => ctx.logger.error({ connector: instance.name, err: errorMessage(error) }, 'sync now failed'))
        .finally(() => ctx.syncing.delete(instance.id));
      return reply.code(202).send({ started: true, detail: 'Sync started.' });
    },
  );
}
