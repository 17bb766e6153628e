import type { DetectionService } from '../detection/create-engine.js';
import { createDetectionEngine } from '../detection/create-engine.js';
import type { CliContext } from './context.js';

/**
 * Runs detection after each committed activity page of a sync (`parapet sync`, `serve`, `demo`): the
 * engine is created on the first page and kept for the process. New alerts are logged; `parapet alerts`
 * lists them.
 */
export function registerDetectionHook(ctx: CliContext): void {
  let service: Promise<DetectionService> | undefined;
  ctx.committedHooks.push(async (instanceId, activities) => {
    service ??= ctx.store().then((store) => createDetectionEngine({ db: store.db, clock: ctx.clock, logger: ctx.logger(), dataDir: store.dataDir }));
    const { alerts, stats } = await (await service).processPage(instanceId, activities);
    if (stats.alertsCreated > 0) {
      ctx.logger().info({ connectorInstanceId: instanceId, created: stats.alertsCreated, alerts: alerts.filter((a) => a.createdAt === a.updatedAt).map((a) => `${a.policyId}: ${a.subject.email ?? a.subject.key}`) }, 'new alerts');
    }
  });
}
