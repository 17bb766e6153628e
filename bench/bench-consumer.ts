import { createDetectionConsumer, type ConsumerRun, type DetectionConsumer } from '../src/detection/consumer.js';
import type { Enricher } from '../src/detection/enrichment/enricher.js';
import type { Db } from '../src/store/db.js';
import type { WrittenPage } from '../src/store/repos/activities.js';

/**
 * The durable detection consumer as the sync runs it (src/app/wire-detection.ts: the default batch size), with a
 * fixed clock and its policies loaded before timing starts.
 */
export async function openBenchConsumer(db: Db, enricher: Enricher, now: number): Promise<DetectionConsumer> {
  const consumer = createDetectionConsumer({ db, clock: { now: () => now }, enricher });
  await consumer.service();
  return consumer;
}

/** One run of the consumer, handed `committed` when given; a failed run fails the bench. */
export async function runDetection(consumer: DetectionConsumer, committed?: WrittenPage): Promise<ConsumerRun> {
  const run = await consumer.run(committed);
  if (!run.ok) throw new Error(`detection failed: ${run.error}`);
  return run;
}
