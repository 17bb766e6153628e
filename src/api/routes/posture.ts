import { PACKAGE_VERSION } from '../../core/package-root.js';
import { z } from 'zod';
import { POSTURE_SEVERITIES, POSTURE_STATUSES } from '../../connectors/sdk/define-check.js';
import { toHtml } from '../../posture/export/html.js';
import { toOcsf } from '../../posture/export/ocsf.js';
import { toSarif } from '../../posture/export/sarif.js';
import { connectionIdNamed } from '../connection-ref.js';
import type { ApiContext, ZodApp } from '../context.js';
import { problemResponses } from '../problem.js';
import { IdParamsSchema } from '../schemas.js';

const version = PACKAGE_VERSION;

const ScoreSchema = z
  .object({
    score: z.number().nullable(),
    scoreWithoutExceptions: z.number().nullable(),
    passed: z.number().int(),
    failed: z.number().int(),
    excepted: z.number().int(),
    notApplicable: z.number().int(),
    errors: z.number().int(),
    weightJudged: z.number(),
    weightPassed: z.number(),
  })
  .meta({ id: 'PostureScore' });

const ExceptionSchema = z
  .object({
    id: z.string(),
    connectorInstanceId: z.string(),
    checkId: z.string(),
    owner: z.string(),
    reason: z.string(),
    expiresAt: z.number().int(),
    acceptedObserved: z.number().nullable(),
    acceptedEvidence: z.string(),
    createdAt: z.number().int(),
    createdBy: z.string().nullable(),
    expiryAlertedAt: z.number().int().nullable(),
    revokedAt: z.number().int().nullable(),
  })
  .meta({ id: 'PostureException' });

const FindingSchema = z
  .object({
    connectorInstanceId: z.string(),
    instanceName: z.string(),
    provider: z.string(),
    appName: z.string(),
    checkId: z.string(),
    title: z.string(),
    severity: z.enum(POSTURE_SEVERITIES),
    status: z.enum(POSTURE_STATUSES),
    evidence: z.string(),
    expected: z.string().nullable(),
    observed: z.number().nullable(),
    details: z.record(z.string(), z.unknown()),
    rationale: z.string(),
    remediation: z.string(),
    reference: z.string().nullable(),
    notEvaluable: z.string().nullable().describe('Why the connector cannot read this setting (never scored), else null'),
    since: z.number().int(),
    evaluatedAt: z.number().int(),
    exception: ExceptionSchema.nullable(),
    gain: z.number(),
  })
  .meta({ id: 'PostureFinding' });

const ReportSchema = z
  .object({
    generatedAt: z.number().int(),
    overall: ScoreSchema,
    apps: z.array(z.object({ provider: z.string(), appName: z.string(), score: ScoreSchema })),
    instances: z.array(z.object({ id: z.string(), name: z.string(), provider: z.string(), appName: z.string(), evaluatedAt: z.number().int().nullable(), score: ScoreSchema })),
    findings: z.array(FindingSchema),
    exceptions: z.array(ExceptionSchema.extend({ expired: z.boolean() })),
  })
  .meta({ id: 'PostureReport' });

const HistorySchema = z
  .object({ id: z.string(), connectorInstanceId: z.string(), checkId: z.string(), status: z.enum(POSTURE_STATUSES), evidence: z.string(), observed: z.number().nullable(), evaluatedAt: z.number().int(), alertId: z.string().nullable() })
  .meta({ id: 'PostureHistoryEntry' });

const FilterSchema = z.object({ app: z.string().max(64).optional().describe('A provider id'), connector: z.string().max(200).optional().describe('A connection: its name or id, or the provider id of an app with one connection') });

export function postureRoutes(app: ZodApp, ctx: ApiContext): void {
  const { posture } = ctx;
  const { db } = ctx.store;
  const instanceOf = async (ref: string | undefined) => (ref === undefined ? undefined : await connectionIdNamed(db, ref, 'query.connector'));
  const filterOf = async (q: z.infer<typeof FilterSchema>) => {
    const instance = await instanceOf(q.connector);
    return { ...(q.app !== undefined ? { app: q.app } : {}), ...(instance !== undefined ? { instance } : {}) };
  };

  app.get(
    '/posture',
    { config: { access: 'read' }, schema: { tags: ['posture'], summary: 'Posture scores (overall, per app, per connection) and every finding, failing ones first by score gain', querystring: FilterSchema, response: { 200: ReportSchema, ...problemResponses } } },
    async (request) => posture.report(await filterOf(request.query)),
  );

  app.get(
    '/posture/export',
    {
      config: { access: 'read' },
      schema: {
        tags: ['posture'],
        summary: 'The posture report as SARIF 2.1.0, OCSF Compliance Findings (JSON) or a printable HTML page',
        querystring: FilterSchema.extend({ format: z.enum(['sarif', 'ocsf', 'html']) }),
        response: { 200: z.unknown(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const report = await posture.report(await filterOf(request.query));
      if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(toHtml(report));
      const body = request.query.format === 'sarif' ? toSarif(report, version) : toOcsf(report, version);
      return reply.type(request.query.format === 'sarif' ? 'application/sarif+json' : 'application/json').send(JSON.stringify(body));
    },
  );

  app.get(
    '/posture/history/:checkId',
    {
      config: { access: 'read' },
      schema: { tags: ['posture'], summary: 'How one check\'s finding changed, newest first', params: z.object({ checkId: z.string().min(1).max(64) }), querystring: z.object({ connector: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(HistorySchema) }), ...problemResponses } },
    },
    async (request) => ({ items: await posture.history(request.params.checkId, await instanceOf(request.query.connector)) }),
  );

  app.get(
    '/posture/exceptions',
    { config: { access: 'read' }, schema: { tags: ['posture'], summary: 'Accepted risks (expired ones included)', response: { 200: z.object({ items: z.array(ExceptionSchema) }), ...problemResponses } } },
    async () => ({ items: await posture.listExceptions() }),
  );

  app.post(
    '/posture/exceptions',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['posture'],
        summary: 'Accept the risk of one check on one connection until a date',
        body: z.object({ connector: z.string().min(1).max(200), checkId: z.string().min(1).max(64), owner: z.string().trim().min(1).max(200), reason: z.string().trim().min(1).max(2000), expiresAt: z.number().int() }),
        response: { 201: ExceptionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { connector, checkId, owner, reason, expiresAt } = request.body;
      const created = await posture.addException({ instance: await connectionIdNamed(db, connector, 'body.connector'), checkId, owner, reason, expiresAt, createdBy: request.principal?.username ?? null });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/posture/exceptions/:id',
    { config: { access: 'analyst' }, schema: { tags: ['posture'], summary: 'Withdraw an accepted risk', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await posture.revokeException(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
