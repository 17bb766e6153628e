import { z } from 'zod';
import { SeveritySchema } from '../../core/alert.js';
import { ValidationError } from '../../core/errors.js';
import { ACTION_IDS } from '../../core/governance-action.js';
import { parsePolicy } from '../../detection/custom/parse-policy.js';
import { IntelIndex } from '../../detection/enrichment/enricher.js';
import { openEnricher } from '../../detection/enrichment/open-enricher.js';
import { backtest } from '../../detection/offline.js';
import { addCustomPolicy, loadPolicies, removeCustomPolicy, tunePolicy, type PolicyListing } from '../../detection/policy-store.js';
import { benignVerdictWords } from '../../detection/benign-verdict.js';
import { resolvePolicy, ScopeSchema, SensitivitySchema } from '../../detection/rule.js';
import { runExamples } from '../../detection/test-runner.js';
import { listIndicators, listIpRanges } from '../../store/repos/ip-ranges.js';
import type { ApiContext, ZodApp } from '../context.js';
import { ApiProblem, invalid, notFound, problemResponses } from '../problem.js';
import { IdParamsSchema, JsonObjectSchema } from '../schemas.js';
import { AlertSummarySchema, toAlertSummary } from './alerts.js';

const PolicySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['builtin', 'custom']),
    title: z.string(),
    description: z.string(),
    runbook: z.string(),
    reference: z.string().nullable(),
    enabled: z.boolean(),
    severity: SeveritySchema,
    defaultSeverity: SeveritySchema,
    sensitivity: SensitivitySchema,
    learningDays: z.number(),
    scope: JsonObjectSchema,
    params: z.unknown().describe('The parameters in force (the sensitivity’s values with the admin’s overrides)'),
    paramsBySensitivity: z.record(z.string(), z.unknown()),
    paramDocs: z.record(z.string(), z.string()),
    actions: z.array(z.string()),
    source: z.string().nullable(),
    examples: z.number().int(),
    benignVerdict: z.string().describe("What closing one of its alerts as benign teaches the policy, as the end of a sentence beginning 'A benign verdict'"),
  })
  .meta({ id: 'Policy' });

function toPolicy(l: PolicyListing): z.infer<typeof PolicySchema> {
  return {
    id: l.rule.id,
    kind: l.rule.kind,
    title: l.rule.title,
    description: l.rule.description,
    runbook: l.rule.runbook,
    reference: l.rule.reference,
    enabled: l.active.enabled,
    severity: l.active.severity,
    defaultSeverity: l.rule.severity,
    sensitivity: l.active.sensitivity,
    learningDays: l.active.learningMs / 86_400_000,
    scope: l.active.scope as Record<string, unknown>,
    params: l.active.params,
    paramsBySensitivity: l.rule.params as Record<string, unknown>,
    paramDocs: (l.rule.paramDocs ?? {}) as Record<string, string>,
    actions: [...l.active.actions],
    source: l.stored?.source ?? null,
    examples: l.rule.examples.length,
    benignVerdict: benignVerdictWords(l.rule),
  };
}

const SourceSchema = z.object({ source: z.string().min(1).max(200_000).describe('The policy as YAML or JSON text') });

export function policyRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;
  const listing = async (id: string): Promise<PolicyListing> => {
    const { listings } = await loadPolicies(db);
    const found = listings.find((l) => l.rule.id === id);
    if (!found) throw notFound(`No policy "${id}". GET /api/v1/policies lists them.`);
    return found;
  };
  const storeCustom = async (source: string, expectedId: string | null) => {
    const { policy, rule } = parsePolicy(source, 'policy');
    if (expectedId !== null && policy.id !== expectedId) throw invalid('body.source', `the policy's id is "${policy.id}" but the URL names "${expectedId}"`);
    const failed = (await runExamples(rule)).filter((o) => o.failures.length);
    if (failed.length) {
      throw new ApiProblem(
        422,
        'Unprocessable Content',
        `${failed.length} of the policy's own test case(s) fail`,
        failed.map((o) => ({ path: `body.source.tests.${o.example.name}`, message: o.failures.join('; ') })),
      );
    }
    await addCustomPolicy(db, source, 'policy', ctx.clock.now());
    return toPolicy(await listing(policy.id));
  };

  app.get(
    '/policies',
    { config: { access: 'read' }, schema: { tags: ['policies'], summary: 'Built-in and custom policies with their tuning', response: { 200: z.object({ items: z.array(PolicySchema), problems: z.array(z.string()) }), ...problemResponses } } },
    async () => {
      const { listings, problems } = await loadPolicies(db);
      return { items: listings.map(toPolicy), problems };
    },
  );

  app.get(
    '/policies/:id',
    { config: { access: 'read' }, schema: { tags: ['policies'], summary: 'One policy', params: IdParamsSchema, response: { 200: PolicySchema, ...problemResponses } } },
    async (request) => toPolicy(await listing(request.params.id)),
  );

  app.patch(
    '/policies/:id',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['policies'],
        summary: 'Tune a policy: on/off, sensitivity, severity, learning period, scope, parameters, actions',
        params: IdParamsSchema,
        body: z
          .object({
            enabled: z.boolean().optional(),
            sensitivity: SensitivitySchema.optional(),
            severity: SeveritySchema.optional(),
            learningDays: z.number().min(0).max(180).optional(),
            scope: ScopeSchema.partial().optional(),
            params: z.record(z.string(), z.unknown()).optional(),
            actions: z.array(z.enum(ACTION_IDS)).optional(),
          })
          .strict(),
        response: { 200: PolicySchema, ...problemResponses },
      },
    },
    async (request) => {
      const current = await listing(request.params.id);
      const change = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined));
      try {
        await tunePolicy(db, current.rule.id, change, ctx.clock.now());
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new ApiProblem(422, 'Unprocessable Content', error.message, error.issues.map((i) => ({ path: `body.${i.split(':')[0] ?? 'params'}`.replace(/^body\.$/, 'body.params'), message: i })));
        }
        throw error;
      }
      return toPolicy(await listing(current.rule.id));
    },
  );

  app.post(
    '/policies/custom',
    { config: { access: 'analyst' }, bodyLimit: 256 * 1024, schema: { tags: ['policies'], summary: 'Add a custom policy (validated, its tests run); 422 lists line-numbered errors', body: SourceSchema, response: { 201: PolicySchema, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await storeCustom(request.body.source, null)),
  );

  app.put(
    '/policies/custom/:id',
    { config: { access: 'analyst' }, bodyLimit: 256 * 1024, schema: { tags: ['policies'], summary: 'Replace a custom policy', params: IdParamsSchema, body: SourceSchema, response: { 200: PolicySchema, ...problemResponses } } },
    async (request) => {
      const current = await listing(request.params.id);
      if (current.rule.kind !== 'custom') throw new ApiProblem(409, 'Conflict', `${current.rule.id} is built in: tune it with PATCH /api/v1/policies/${current.rule.id}.`);
      return storeCustom(request.body.source, current.rule.id);
    },
  );

  app.delete(
    '/policies/custom/:id',
    { config: { access: 'analyst' }, schema: { tags: ['policies'], summary: 'Delete a custom policy (its alerts stay)', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await removeCustomPolicy(db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/policies/:id/test',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['policies'],
        summary: "Run the policy's own test cases (fire / no-fire examples)",
        params: IdParamsSchema,
        response: { 200: z.object({ passed: z.boolean(), cases: z.array(z.object({ name: z.string(), passed: z.boolean(), failures: z.array(z.string()), alerts: z.number().int() })) }), ...problemResponses },
      },
    },
    async (request) => {
      const outcomes = await runExamples((await listing(request.params.id)).rule);
      const cases = outcomes.map((o) => ({ name: o.example.name, passed: o.failures.length === 0, failures: o.failures, alerts: o.alerts.length }));
      return { passed: cases.every((c) => c.passed), cases };
    },
  );

  app.post(
    '/policies/:id/backtest',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['policies'],
        summary: 'What the policy would have raised on stored history (nothing is stored)',
        params: IdParamsSchema,
        body: z.object({ from: z.number().int().describe('epoch ms'), to: z.number().int().describe('epoch ms') }).refine((b) => b.from < b.to, { message: 'from must be before to', path: ['to'] }),
        response: { 200: z.object({ alerts: z.array(AlertSummarySchema), counts: z.object({ activities: z.number().int(), alerts: z.number().int(), evaluated: z.number().int(), learning: z.number().int(), suppressed: z.number().int() }) }), ...problemResponses },
      },
    },
    async (request) => {
      const current = await listing(request.params.id);
      const { enricher } = openEnricher({ dataDir: ctx.store.dataDir });
      enricher.setIntel(IntelIndex.build(await listIpRanges(db), await listIndicators(db)));
      const result = await backtest(db, { policies: [resolvePolicy(current.rule, { ...current.settings, enabled: true })], enricher, since: request.body.from, until: request.body.to });
      return {
        alerts: result.alerts.slice(0, 1000).map(({ activityIds, ...a }) => toAlertSummary({ ...a, evidenceCount: activityIds.length }, null)),
        counts: { activities: result.activities, alerts: result.alerts.length, evaluated: result.stats.evaluated, learning: result.stats.learning, suppressed: result.stats.suppressed },
      };
    },
  );
}
