import { z } from 'zod';
import { DAY } from '../../core/clock.js';
import { countAlerts } from '../../store/repos/alerts.js';
import { alertsPerDay } from '../../store/repos/alert-search.js';
import { activityPerDay } from '../../store/repos/activity-search.js';
import { listInstances } from '../../store/repos/connector-instances.js';
import type { ApiContext, ZodApp } from '../context.js';
import { problemResponses } from '../problem.js';

export function statsRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;
  app.get(
    '/stats/overview',
    {
      config: { access: 'read' },
      schema: {
        tags: ['stats'],
        summary: 'The overview page: apps and their health, alerts per day, activity per app per day',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(14) }),
        response: {
          200: z.object({
            connectors: z.array(z.object({ id: z.string(), name: z.string(), provider: z.string(), status: z.string(), statusReason: z.string().nullable(), lastSuccessAt: z.number().int().nullable() })),
            alertsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
            activityPerDay: z.array(z.object({ day: z.string(), provider: z.string(), count: z.number().int() })),
            openAlerts: z.number().int(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const from = ctx.clock.now() - request.query.days * DAY;
      return {
        connectors: (await listInstances(db)).map((i) => ({ id: i.id, name: i.name, provider: i.provider, status: i.status, statusReason: i.statusReason, lastSuccessAt: i.lastSuccessAt })),
        alertsPerDay: await alertsPerDay(db, from),
        activityPerDay: await activityPerDay(db, from),
        openAlerts: (await countAlerts(db, 'open')) + (await countAlerts(db, 'in_progress')),
      };
    },
  );
}
