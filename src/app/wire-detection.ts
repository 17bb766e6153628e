import type { DetectionService } from '../detection/create-engine.js';
import { createDetectionEngine } from '../detection/create-engine.js';
import type { AppServices } from './services.js';

/**
 * Detection after each committed activity page of a sync (`parapet sync`, `serve`, `demo`): the engine is
 * created on the first page and kept for the process. New alerts are logged; `parapet alerts` and the API
 * list them. The composition root calls this once; replacing the wiring (a durable consumer) is this file.
 */
export function wireDetection(services: AppServices): void {
  let service: Promise<DetectionService> | undefined;
  services.committedHooks.push(async (instanceId, activities) => {
    service ??= services.store().then((store) => createDetectionEngine({ db: store.db, clock: services.clock, logger: services.logger(), dataDir: store.dataDir }));
    const { alerts, stats } = await (await service).processPage(instanceId, activities);
    if (stats.alertsCreated > 0) {
      services.logger().info({ connectorInstanceId: instanceId, created: stats.alertsCreated, alerts: alerts.filter((a) => a.createdAt === a.updatedAt).map((a) => `${a.policyId}: ${a.subject.email ?? a.subject.key}`) }, 'new alerts');
    }
  });
}
