import { z } from 'zod';
import { ActionStatusSchema, GovernanceLogEntrySchema, GovernanceRequestSchema, LOG_EVENTS, PreferSchema, TargetTypeSchema } from '../../core/governance-action.js';
import type { Actor } from '../../governance/governance-service.js';
import { GovernanceRuleSchema } from '../../governance/rules.js';
import { listProtectedTargets, listRules, protect, setGovernanceRule, unprotect } from '../../governance/settings.js';
import type { Principal } from '../auth/access.js';
import type { ApiContext, ZodApp } from '../context.js';
import { problemResponses, unauthorized } from '../problem.js';
import { IdParamsSchema } from '../schemas.js';

const PlannedCallSchema = z.object({ operation: z.string(), method: z.string(), url: z.string(), body: z.unknown() });
const DryRunPlanSchema = z
  .object({
    kind: z.string(),
    target: z.string(),
    where: z.string().nullable(),
    blocked: z.string().nullable(),
    steps: z.array(z.object({ kind: z.string(), where: z.string(), target: z.string(), calls: z.array(PlannedCallSchema), note: z.string().nullable() })),
  })
  .meta({ id: 'DryRunPlan' });
const RequestSchema = GovernanceRequestSchema.meta({ id: 'GovernanceAction' });
const RuleSettingsSchema = GovernanceRuleSchema.meta({ id: 'GovernanceRuleSettings' });
const StoredRuleSchema = z.object({ policyId: z.string(), kind: z.string(), settings: z.record(z.string(), z.unknown()) }).meta({ id: 'GovernanceRule' });
const ProtectedEntrySchema = z.object({ match: z.string(), reason: z.string(), addedBy: z.string(), addedAt: z.number().int() }).meta({ id: 'ProtectedTarget' });
const RuleParamsSchema = z.object({ policy: z.string().min(1).max(200), kind: z.string().min(1).max(64) });
const LogEntrySchema = GovernanceLogEntrySchema.meta({ id: 'GovernanceLogEntry' });

const RequestBodySchema = z
  .object({
    kind: z.string().min(1).max(64),
    targetType: TargetTypeSchema,
    /** Account id or e-mail, person's e-mail or identity id, OAuth app id or name. */
    target: z.string().min(1).max(320),
    /** Connection name or id the account or app belongs to. */
    app: z.string().min(1).max(200).optional(),
    prefer: PreferSchema.optional(),
    reason: z.string().max(2000).optional(),
    alertId: z.string().max(100).optional(),
    /** Show exactly what would be called; change and record nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();

function actorOf(principal: Principal | null): Actor {
  if (!principal) throw unauthorized();
  return { name: principal.username, role: principal.role };
}

/** Governance: requested actions, approvals, undo and the governance log (docs/governance.md). */
export function governanceRoutes(app: ZodApp, ctx: ApiContext): void {
  const { governance } = ctx;

  app.get(
    '/actions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['governance'],
        summary: 'Governance actions, newest first',
        querystring: z.object({ status: ActionStatusSchema.optional(), kind: z.string().max(64).optional(), alertId: z.string().max(100).optional(), identityId: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(RequestSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      await governance.expirePending();
      const q = request.query;
      return { items: await governance.list({ parentId: null, ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.alertId ? { alertId: q.alertId } : {}), ...(q.identityId ? { identityId: q.identityId } : {}) }) };
    },
  );

  app.get(
    '/actions/:id',
    {
      config: { access: 'read' },
      schema: { tags: ['governance'], summary: 'One action with its playbook steps and log entries', params: IdParamsSchema, response: { 200: RequestSchema.extend({ steps: z.array(RequestSchema), log: z.array(LogEntrySchema) }), ...problemResponses } },
    },
    async (request) => {
      const action = await governance.get(request.params.id);
      return { ...action, steps: await governance.list({ parentId: action.id }), log: await governance.log_({ actionId: action.id }) };
    },
  );

  app.post(
    '/actions',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['governance'],
        summary: 'Request an action or a playbook (runs at once when its rule is automatic); with dryRun, only the plan',
        body: RequestBodySchema,
        response: { 201: RequestSchema, 200: DryRunPlanSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input = {
        kind: body.kind,
        target: { type: body.targetType, ref: body.target, ...(body.app ? { instance: body.app } : {}) },
        via: 'api' as const,
        ...(body.prefer ? { prefer: body.prefer } : {}),
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.alertId ? { alertId: body.alertId } : {}),
      };
      if (body.dryRun) return reply.code(200).send(await governance.dryRun(input, actorOf(request.principal)));
      return reply.code(201).send(await governance.request(input, actorOf(request.principal)));
    },
  );

  for (const verb of ['approve', 'reject', 'cancel', 'undo'] as const) {
    app.post(
      `/actions/:id/${verb}`,
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['governance'],
          summary: { approve: 'Approve a pending action (the rule names the roles that may); it runs at once', reject: 'Reject a pending action', cancel: 'Cancel a pending or queued action', undo: 'Undo a succeeded suspension or a playbook' }[verb],
          params: IdParamsSchema,
          body: z.object({ note: z.string().max(2000).optional() }).strict().optional(),
          response: { 200: RequestSchema, ...problemResponses },
        },
      },
      async (request) => {
        const actor = actorOf(request.principal);
        const id = request.params.id;
        if (verb === 'approve') return governance.approve(id, actor);
        if (verb === 'reject') return governance.reject(id, actor, request.body?.note);
        if (verb === 'cancel') return governance.cancel(id, actor);
        return governance.undo(id, actor, 'api');
      },
    );
  }

  app.get(
    '/governance/log',
    {
      config: { access: 'read' },
      schema: {
        tags: ['governance'],
        summary: 'The append-only governance log, oldest first; format=jsonl exports it as JSON lines',
        querystring: z.object({
          actionId: z.string().max(100).optional(),
          event: z.enum(LOG_EVENTS).optional(),
          kind: z.string().max(64).optional(),
          since: z.coerce.number().int().optional(),
          until: z.coerce.number().int().optional(),
          format: z.enum(['json', 'jsonl']).default('json'),
        }),
        response: { 200: z.union([z.object({ items: z.array(LogEntrySchema) }), z.string()]), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const items = await governance.log_({
        ...(q.actionId ? { actionId: q.actionId } : {}),
        ...(q.event ? { event: q.event } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.since !== undefined ? { since: q.since } : {}),
        ...(q.until !== undefined ? { until: q.until } : {}),
      });
      if (format === 'jsonl') {
        return reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="governance-log.jsonl"').send(items.map((i) => JSON.stringify(i)).join('\n') + (items.length ? '\n' : ''));
      }
      return { items };
    },
  );

  // The settings governance obeys (src/governance/settings.ts, as `parapet action rule|protect` use them).
  app.get(
    '/governance/rules',
    { config: { access: 'read' }, schema: { tags: ['governance'], summary: 'The stored governance rules per policy and action kind', response: { 200: z.object({ items: z.array(StoredRuleSchema) }), ...problemResponses } } },
    async () => ({ items: await listRules(ctx.store.db) }),
  );

  app.put(
    '/governance/rules/:policy/:kind',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['governance'],
        summary: 'Set fields of the rule for a policy id ("manual": requests made by a person; "*": every request) and an action kind ("*": every kind); unset fields fall back to the wider rule',
        params: RuleParamsSchema,
        body: RuleSettingsSchema,
        response: { 200: z.object({ policyId: z.string(), kind: z.string(), stored: RuleSettingsSchema, effective: RuleSettingsSchema.nullable() }), ...problemResponses },
      },
    },
    async (request) => {
      const { policy, kind } = request.params;
      const result = await setGovernanceRule(ctx.store.db, policy, kind, request.body, ctx.clock.now());
      return { policyId: policy, kind, ...result };
    },
  );

  app.get(
    '/governance/protected',
    { config: { access: 'read' }, schema: { tags: ['governance'], summary: 'The protected list: no action may touch these', response: { 200: z.object({ items: z.array(ProtectedEntrySchema) }), ...problemResponses } } },
    async () => ({ items: await listProtectedTargets(ctx.store.db) }),
  );

  app.post(
    '/governance/protected',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['governance'],
        summary: 'Put an e-mail, a provider id or *@domain on the protected list (break-glass accounts, VIPs)',
        body: z.object({ match: z.string().min(1).max(320), reason: z.string().min(1).max(2000) }).strict(),
        response: { 201: ProtectedEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const addedBy = `api:${actorOf(request.principal).name}`;
      return reply.code(201).send(await protect(ctx.store.db, { match: request.body.match, reason: request.body.reason, addedBy, now: ctx.clock.now() }));
    },
  );

  app.delete(
    '/governance/protected/:match',
    {
      config: { access: 'admin' },
      schema: { tags: ['governance'], summary: 'Take an entry off the protected list', params: z.object({ match: z.string().min(1).max(320) }), response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await unprotect(ctx.store.db, request.params.match);
      return reply.code(204).send(null);
    },
  );
}
