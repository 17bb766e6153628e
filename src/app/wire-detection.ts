import type { Alert } from '../core/alert.js';
import type { DetectionConsumer } from '../detection/consumer.js';
import type { WrittenPage } from '../store/repos/activities.js';
import { alertLogFields } from './console-log.js';
import type { AppServices } from './services.js';

/**
 * Detection for every sync (`parapet sync`, `serve`, `demo`): a consumer of the stored activity log with its
 * own durable cursor. It catches up when the sync service opens (activities a crashed run stored but never
 * evaluated) and runs after each committed page; a detection failure is logged, never fails the sync, and
 * is retried on the next run. New alerts are logged; `parapet alerts` and the API list them. The composition
 * root calls this once; it returns the run (`parapet worker` runs it as a job instead of after each page).
 */
export function wireDetection(services: AppServices): (instanceId?: string, committed?: WrittenPage) => Promise<void> {
  let consumer: Promise<DetectionConsumer> | undefined;
  // New alerts' requested actions go to governance after the run that raised them (policies' automatic actions).
  const raised: Alert[] = [];
  const run = async (_instanceId?: string, committed?: WrittenPage) => {
    consumer ??= Promise.all([services.store(), services.enricher(), import('../detection/consumer.js')]).then(([store, enricher, { createDetectionConsumer }]) =>
      createDetectionConsumer({
        db: store.db,
        enricher,
        clock: services.clock,
        logger: services.logger(),
        dataDir: store.dataDir,
        // One line per new alert: the terminal shows it as "alert HIGH policy person: sentence".
        onAlerts: (created) => {
          for (const alert of created) services.logger().info(alertLogFields(alert), `new alert: ${alert.policyName}`);
          raised.push(...created.filter((a) => a.requestedActions.length > 0));
        },
      }),
    );
    // The page just committed is handed over: the consumer evaluates it without reading it back when it is
    // exactly what follows its cursor.
    await (await consumer).run(committed);
    await handOver();
  };
  const handOver = async () => {
    if (raised.length) {
      const alerts = raised.splice(0);
      await (await services.governance()).onAlerts(alerts);
    }
  };
  services.syncOpenedHooks.push(run);
  services.committedHooks.push(run);
  // Policy state held in memory is stored before the store closes (else the next start rebuilds it).
  services.closingHooks.push(async () => {
    if (!consumer) return;
    await (await consumer).flush();
    await handOver();
  });
  return run;
}
