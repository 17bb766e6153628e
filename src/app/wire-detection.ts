import { createDetectionConsumer, type DetectionConsumer } from '../detection/consumer.js';
import { alertLogFields } from './console-log.js';
import type { AppServices } from './services.js';

/**
 * Detection for every sync (`parapet sync`, `serve`, `demo`): a consumer of the stored activity log with its
 * own durable cursor. It catches up when the sync service opens (activities a crashed run stored but never
 * evaluated) and runs after each committed page; a detection failure is logged, never fails the sync, and
 * is retried on the next run. New alerts are logged; `parapet alerts` and the API list them. The composition
 * root calls this once.
 */
export function wireDetection(services: AppServices): void {
  let consumer: Promise<DetectionConsumer> | undefined;
  const run = async () => {
    consumer ??= Promise.all([services.store(), services.enricher()]).then(([store, enricher]) =>
      createDetectionConsumer({
        db: store.db,
        enricher,
        clock: services.clock,
        logger: services.logger(),
        dataDir: store.dataDir,
        // One line per new alert: the terminal shows it as "alert HIGH policy person: sentence".
        onAlerts: (created) => {
          for (const alert of created) services.logger().info(alertLogFields(alert), `new alert: ${alert.policyName}`);
        },
      }),
    );
    await (await consumer).run();
  };
  services.syncOpenedHooks.push(run);
  services.committedHooks.push(run);
}
