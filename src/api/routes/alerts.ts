import { z } from 'zod';
import { ActivitySchema } from '../../core/activity.js';
import { AlertResolutionSchema, AlertSchema, AlertStatusSchema, SeveritySchema, type AlertResolution, type AlertStatus } from '../../core/alert.js';
import { errorMessage } from '../../core/errors.js';
import { benignVerdictFor } from '../../detection/benign-verdict.js';
import { addAlertComment, getAssignees, listAlertComments, setAssignee } from '../../store/repos/alert-notes.js';
import { searchAlerts } from '../../store/repos/alert-search.js';
import { getAlert, listEvidenceActivities, setAlertStatus, type AlertHeader } from '../../store/repos/alerts.js';
import { findUserRow, listUsers } from '../../store/repos/users.js';
import type { Principal } from '../auth/access.js';
import type { ApiContext, ZodApp } from '../context.js';
import { CursorSchema, decodeCursor, encodeCursor, LimitSchema, pageOf } from '../cursor.js';
import { invalid, problemResponses, unauthorized } from '../problem.js';
import { IdParamsSchema, JsonObjectSchema } from '../schemas.js';

/** An alert in a list: the core Alert without its evidence ids, with their count and the assignee. */
export const AlertSummarySchema = AlertSchema.omit({ activityIds: true, fingerprint: true, baseline: true, details: true })
  .extend({ evidenceCount: z.number().int(), assigneeId: z.string().nullable() })
  .meta({ id: 'AlertSummary' });

export function toAlertSummary(a: AlertHeader, assigneeId: string | null): z.infer<typeof AlertSummarySchema> {
  return {
    id: a.id,
    policyId: a.policyId,
    policyName: a.policyName,
    variant: a.variant,
    severity: a.severity,
    status: a.status,
    resolution: a.resolution,
    resolutionNote: a.resolutionNote,
    previousAlertId: a.previousAlertId,
    subject: a.subject,
    connectorInstanceId: a.connectorInstanceId,
    provider: a.provider,
    app: a.app,
    explanation: a.explanation,
    evidenceCount: a.evidenceCount,
    requestedActions: a.requestedActions,
    assigneeId,
    firstActivityAt: a.firstActivityAt,
    lastActivityAt: a.lastActivityAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

const CommentSchema = z.object({ id: z.string(), alertId: z.string(), author: z.object({ id: z.string().nullable(), name: z.string() }), text: z.string(), createdAt: z.number().int() }).meta({ id: 'AlertComment' });

const StatusChangeSchema = z.object({
  status: AlertStatusSchema,
  reason: z.string().trim().max(2000).optional().describe('Why (required when resolving or dismissing)'),
  resolution: AlertResolutionSchema.optional().describe('The verdict when closing. @default true_positive when resolving, false_positive when dismissing'),
});

const list = (values: readonly string[]) =>
  z
    .string()
    .max(200)
    .transform((v, c) => {
      const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
      const bad = parts.filter((p) => !values.includes(p));
      if (bad.length) c.addIssue({ code: 'custom', message: `unknown ${bad.join(', ')}: use ${values.join(', ')} (comma-separated)` });
      return parts;
    })
    .optional();

function resolutionFor(status: AlertStatus, given: AlertResolution | undefined): AlertResolution | null {
  if (status === 'resolved') return given ?? 'true_positive';
  if (status === 'dismissed') return given ?? 'false_positive';
  return null;
}

export function alertRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;
  const KeySchema = z.object({ createdAt: z.number().int(), id: z.string() });

  const changeStatus = async (id: string, body: z.infer<typeof StatusChangeSchema>) => {
    const closing = body.status === 'resolved' || body.status === 'dismissed';
    if (closing && !body.reason) throw invalid('body.reason', `a reason is required to mark an alert ${body.status}`);
    const updated = await setAlertStatus(db, id, { status: body.status, resolution: resolutionFor(body.status, body.resolution), note: body.reason ?? null, now: ctx.clock.now() });
    const text = `Status changed to ${body.status}${body.reason ? `: ${body.reason}` : ''}`;
    return { updated, text };
  };
  const author = (p: Principal | null) => {
    if (!p) throw unauthorized();
    return { authorId: p.userId, authorName: p.username };
  };

  app.get(
    '/alerts',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'The alert queue, newest first',
        querystring: z.object({
          status: list(AlertStatusSchema.options),
          severity: list(SeveritySchema.options),
          policy: z.string().max(200).optional(),
          user: z.string().max(320).optional(),
          assignee: z.string().max(100).optional(),
          limit: LimitSchema,
          cursor: CursorSchema,
        }),
        response: { 200: pageOf(AlertSummarySchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await searchAlerts(db, { status: q.status as AlertStatus[] | undefined, severity: q.severity as never, policyId: q.policy, user: q.user, assignee: q.assignee }, { after: decodeCursor(q.cursor, KeySchema), limit: q.limit });
      const assignees = await getAssignees(db, items.map((a) => a.id));
      const last = items[items.length - 1];
      return { items: items.map((a) => toAlertSummary(a, assignees.get(a.id) ?? null)), nextCursor: items.length === q.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
    },
  );

  app.get(
    '/alerts/:id',
    {
      config: { access: 'read', auditRead: true },
      schema: {
        tags: ['alerts'],
        summary: 'An alert with its evidence, explanation, baseline and comments',
        params: IdParamsSchema,
        response: {
          200: z.object({
            alert: AlertSummarySchema.extend({ details: JsonObjectSchema }),
            evidence: z.array(ActivitySchema),
            explanation: z.string(),
            baseline: JsonObjectSchema.nullable(),
            comments: z.array(CommentSchema),
            benignVerdict: z
              .string()
              .nullable()
              .describe("What closing the alert as benign (benign_true_positive or false_positive) teaches its policy, as the end of a sentence beginning 'A benign verdict'; null: not a detection policy's alert"),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const alert = await getAlert(db, request.params.id);
      const assignee = (await getAssignees(db, [alert.id])).get(alert.id) ?? null;
      const { activityIds, ...header } = alert;
      return {
        alert: { ...toAlertSummary({ ...header, evidenceCount: activityIds.length }, assignee), details: alert.details },
        evidence: await listEvidenceActivities(db, alert.id),
        explanation: alert.explanation,
        baseline: alert.baseline,
        comments: await listAlertComments(db, alert.id),
        benignVerdict: await benignVerdictFor(db, alert.policyId),
      };
    },
  );

  app.post(
    '/alerts/:id/status',
    {
      config: { access: 'analyst' },
      schema: { tags: ['alerts'], summary: 'Move an alert: in progress, resolved or dismissed (with a reason), or reopened', params: IdParamsSchema, body: StatusChangeSchema, response: { 200: AlertSummarySchema, ...problemResponses } },
    },
    async (request) => {
      const { updated, text } = await changeStatus(request.params.id, request.body);
      await addAlertComment(db, { alertId: updated.id, ...author(request.principal), text, now: ctx.clock.now() });
      const assignee = (await getAssignees(db, [updated.id])).get(updated.id) ?? null;
      const { activityIds, ...header } = updated;
      return toAlertSummary({ ...header, evidenceCount: activityIds.length }, assignee);
    },
  );

  app.post(
    '/alerts/bulk-status',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['alerts'],
        summary: 'Change the status of many alerts at once',
        body: StatusChangeSchema.extend({ ids: z.array(z.string().min(1).max(200)).min(1).max(500) }),
        response: { 200: z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), error: z.string().nullable() })) }), ...problemResponses },
      },
    },
    async (request) => {
      const { ids, ...change } = request.body;
      const who = author(request.principal);
      const results = [];
      for (const id of ids) {
        try {
          const { updated, text } = await changeStatus(id, change);
          await addAlertComment(db, { alertId: updated.id, ...who, text, now: ctx.clock.now() });
          results.push({ id, ok: true, error: null });
        } catch (error) {
          results.push({ id, ok: false, error: errorMessage(error) });
        }
      }
      return { results };
    },
  );

  app.post(
    '/alerts/:id/comments',
    {
      config: { access: 'analyst' },
      bodyLimit: 64 * 1024,
      schema: { tags: ['alerts'], summary: 'Add a comment', params: IdParamsSchema, body: z.object({ text: z.string().trim().min(1).max(10_000) }), response: { 201: CommentSchema, ...problemResponses } },
    },
    async (request, reply) => {
      const alert = await getAlert(db, request.params.id);
      return reply.code(201).send(await addAlertComment(db, { alertId: alert.id, ...author(request.principal), text: request.body.text, now: ctx.clock.now() }));
    },
  );

  app.get(
    '/alerts/assignees',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'Who an alert can be assigned to: active admins and analysts',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), username: z.string(), role: z.enum(['admin', 'analyst']) })) }), ...problemResponses },
      },
    },
    async () => ({
      items: (await listUsers(db)).flatMap((u) => (u.role !== 'viewer' && !u.disabled ? [{ id: u.id, username: u.username, role: u.role }] : [])),
    }),
  );

  app.post(
    '/alerts/:id/assignee',
    {
      config: { access: 'analyst' },
      schema: { tags: ['alerts'], summary: 'Assign the alert to a user (null: nobody)', params: IdParamsSchema, body: z.object({ userId: z.string().min(1).max(100).nullable() }), response: { 200: AlertSummarySchema, ...problemResponses } },
    },
    async (request) => {
      const alert = await getAlert(db, request.params.id);
      const { userId } = request.body;
      if (userId !== null) {
        const user = await findUserRow(db, { id: userId });
        if (!user) throw invalid('body.userId', `no user with id ${userId}`);
        if (user.role === 'viewer' || user.disabled === 1) throw invalid('body.userId', `${user.username} cannot work alerts (a viewer or a disabled user); GET /api/v1/alerts/assignees lists who can`);
      }
      await setAssignee(db, alert.id, userId, ctx.clock.now());
      const { activityIds, ...header } = alert;
      return toAlertSummary({ ...header, evidenceCount: activityIds.length }, userId);
    },
  );
}
