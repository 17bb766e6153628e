import { createDetectionConsumer, type DetectionConsumer } from '../detection/consumer.js';
import type { CliContext } from './context.js';

/**
 * Detection for every sync (`parapet sync`, `serve`, `demo`): a consumer of the stored activity log with its
 * own durable cursor. It catches up when the sync service opens (activities a crashed run stored but never
 * evaluated) and runs after each committed page; a detection failure is logged, never fails the sync, and
 * is retried on the next run. New alerts are logged; `parapet alerts` lists them.
 */
export function registerDetectionHook(ctx: CliContext): void {
  let consumer: Promise<DetectionConsumer> | undefined;
  const run = async () => {
    consumer ??= Promise.all([ctx.store(), ctx.enricher()]).then(([store, enricher]) =>
      createDetectionConsumer({
        db: store.db,
        enricher,
        clock: ctx.clock,
        logger: ctx.logger(),
        dataDir: store.dataDir,
        onAlerts: (created) => ctx.logger().info({ created: created.length, alerts: created.map((a) => `${a.policyId}: ${a.subject.email ?? a.subject.key}`) }, 'new alerts'),
      }),
    );
    await (await consumer).run();
  };
  ctx.syncOpenedHooks.push(run);
  ctx.committedHooks.push(run);
}
