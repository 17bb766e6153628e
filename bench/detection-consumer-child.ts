// Detection in a process of its own, beside a process that ingests (bench/detection.ts, "beside ingest"): the
// shape of a deployment where detection is its own job (`parapet worker` on PostgreSQL). It opens the same
// store, prints "ready", then runs the durable consumer over whatever is past its cursor until the cursor
// reaches the sequence number it is sent on stdin (the last activity ingested). Prints its CPU time as one JSON
// line (the parent reads the alerts from the store).
import { createInterface } from 'node:readline';
import { openStore } from '../src/store/db.js';
import { openBenchConsumer, runDetection } from './bench-consumer.js';
import { openWarmEnricher } from './warm-enricher.js';

const { dataDir, databaseUrl, now } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; databaseUrl?: string; now: number };

const enricher = await openWarmEnricher();
const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
const consumer = await openBenchConsumer(store.db, enricher, now);

let last: number | undefined;
const input = createInterface({ input: process.stdin }).on('line', (line) => (last = Number(line)));
process.stdout.write('ready\n');

const cpu = process.cpuUsage();
for (;;) {
  const run = await runDetection(consumer);
  if (last !== undefined && run.position >= last) break;
  // Nothing new yet: a worker would wait for the next "page committed" job; poll briefly instead.
  if (run.stats.batches === 0) await new Promise((resolve) => setTimeout(resolve, 2));
}
const used = process.cpuUsage(cpu);
input.close();
await store.close();
process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000 })}\n`);
