import { registry } from '../src/connectors/registry.js';
import { benchBackfill } from './backfill.js';
import { spawn } from 'node:child_process';
import { benchIngest } from './ingest.js';
import { benchDetection } from './detection.js';
import { benchServer, withDatabase } from './postgres-server.js';
import { benchMicrosoft365 } from './microsoft365.js';
import { benchConnectorBackfills } from './connector-backfills.js';
import { benchApi, describeApiBench } from './api.js';
import { benchStartup } from './startup.js';

/**
 * `npm run bench`: ratios measured in one run on this machine. Targets live here, not in tests:
 * (a) ingest / raw insert >= 0.5, (b) backfill requests / minimum <= 1.05, (c) peak RSS for 1M events < 300 MB,
 * (d) Microsoft 365, Okta, Slack and Google Workspace backfill time / rate-limit lower bound <= 1.2 and
 * requests / minimum <= 1.05, (f) GitHub audit-log backfill requests / minimum <= 1.05 and time within the rate
 * limit's lower bound (+1 s).
 */
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const verdictOf = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const seconds = (n: number | undefined) => `${(n ?? 0).toFixed(1)} s`;
const ratio = (n: number | undefined) => (n ?? 0).toFixed(3);
// `npm run bench -- --only=api [--api-size=N]`: the API benchmark alone.
const apiSize = Number([...args].find((a) => a.startsWith('--api-size='))?.split('=')[1] ?? (quick ? 100_000 : 1_000_000));
// `npm run bench -- --only=startup`: command start-up times alone.
if (args.has('--only=startup')) {
  describeStartup();
  process.exit(0);
}
if (args.has('--only=api')) {
  console.log(describeApiBench(await benchApi({ activities: apiSize }), verdictOf));
  process.exit(0);
}
// `npm run bench -- --only=detection [--quick] [--postgres]`: the detection benchmark (e) alone; with --postgres on
// PostgreSQL (PARAPET_BENCH_POSTGRES_URL or a throwaway cluster: bench/postgres-server.ts).
if (args.has('--only=detection')) {
  const server = args.has('--postgres') ? benchServer() : null;
  try {
    const sizes = quick ? { users: 300, days: 14 } : {};
    const detection = server
      ? await withDatabase(server.url, (ingest) =>
          withDatabase(server.url, (detection) => withDatabase(server.url, (beside) => benchDetection({ ...sizes, postgres: { ingest, detection, beside } }))),
        )
      : await benchDetection(sizes);
    for (const [name, value] of Object.entries(detection)) console.log(`    ${name}: ${value}`);
  } finally {
    server?.stop();
  }
  process.exit(0);
}
// `npm run bench -- --only=backfills [--quick]`: the GitHub, Okta, Slack and Google Workspace backfills alone.
if (args.has('--only=backfills')) {
  await benchConnectorBackfills(quick, {});
  process.exit(0);
}
const docusign = registry.get('docusign');
if (!docusign) throw new Error('the docusign connector is not registered');

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const results: Record<string, unknown> = {};

const ingest = await benchIngest(docusign, 'eventId', quick ? 20_000 : 100_000);
results.ingest = ingest;
console.log(
  `(a) ingest pipeline ${Math.round(ingest.pipelinePerSec)} events/s vs raw SQLite insert ${Math.round(ingest.rawPerSec)} rows/s: ratio ${ingest.ratio.toFixed(2)} (target >= 0.5, ${verdict(ingest.ratio >= 0.5)}); ` +
    `with enrichment at ingest / without: ${ingest.enrichmentRatio.toFixed(2)}`,
);

const backfill = await benchBackfill(docusign, /stream/i);
results.backfill = backfill;
console.log(
  `(b) DocuSign 7-day backfill: ${backfill.events} events in ${backfill.streamRequests} Monitor requests, minimum ${backfill.minimum}: ratio ${backfill.ratio.toFixed(3)} (target <= 1.05, ${verdict(backfill.ratio <= 1.05)}); plus ${backfill.otherRequests} auth/discovery requests`,
);

const memory = await new Promise<{ peakRssMb: number; events: number; seconds: number }>((resolve, reject) => {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/ingest-memory-child.ts', String(quick ? 100_000 : 1_000_000)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { peakRssMb: number; events: number; seconds: number }) : reject(new Error(`memory benchmark exited ${code}`))));
});
results.memory = memory;
console.log(`(c) peak RSS ingesting ${memory.events} events: ${memory.peakRssMb} MB in ${memory.seconds} s (target < 300 MB, ${verdict(memory.peakRssMb < 300)})`);

const m365 = await benchMicrosoft365(quick ? { users: 500 } : {});
results.microsoft365 = m365;
const m365TimeRatio = m365.timeRatio ?? Infinity;
const m365RequestRatio = m365.requestRatio ?? Infinity;
console.log(
  `(d) Microsoft 365 7-day backfill, ${m365.users} users, ${m365.activities} activities (${m365.missing} missing): ` +
    `${seconds(m365.seconds)} vs ${seconds(m365.lowerBoundSeconds)} the rate limits allow (Management API ${seconds(m365.manageLowerBoundSeconds)}, Graph sign-ins ${seconds(m365.graphLowerBoundSeconds)}): ` +
    `ratio ${ratio(m365TimeRatio)} (target <= 1.2, ${verdict(m365TimeRatio <= 1.2)}); ` +
    `${m365.requests} requests vs minimum ${m365.minimumRequests}: ratio ${ratio(m365RequestRatio)} (target <= 1.05, ${verdict(m365RequestRatio <= 1.05)}); ` +
    `listings ${m365.listings}/${m365.minimumListings}, blob GETs ${m365.blobGets}/${m365.blobs}, sign-in pages ${m365.signInRequests}/${m365.signInPages}, tokens ${m365.tokenRequests}/2, throttled ${m365.throttledManage} AF429 + ${m365.throttledGraph} Graph 429`,
);

await benchConnectorBackfills(quick, results);

const detection = await benchDetection(quick ? { users: 300, days: 14 } : {});
results.detection = detection;
const detectionRatio = Number(detection['ingest+detection / ingest alone']);
const detectionCpuRatio = Number(detection['ingest+detection / ingest alone, by CPU time']);
const p99 = Number(detection['commit → alert p99 (ms)']);
// Both ratios: the clock's swings with whatever else the machine runs, the CPU time's much less.
console.log(
  `(e) detection: ingest+enrichment+policies / ingest alone ${detectionRatio.toFixed(2)} by the clock, ${detectionCpuRatio.toFixed(2)} by CPU time (target >= 0.5, ${verdict(detectionRatio >= 0.5 && detectionCpuRatio >= 0.5)}); ` +
    `commit → alert median ${detection['commit → alert median (ms)']} ms, p99 ${p99} ms (target p99 < 1000 ms, ${verdict(p99 < 1000)})`,
);
for (const [name, value] of Object.entries(detection)) console.log(`    ${name}: ${value}`);

const api = await benchApi({ activities: apiSize });
results.api = api;
console.log(describeApiBench(api, verdictOf));

results.startup = describeStartup();

if (args.has('--json')) console.log(JSON.stringify(results, null, 2));

function describeStartup(): ReturnType<typeof benchStartup> {
  const startup = benchStartup();
  for (const r of startup) {
    console.log(
      `(h) start-up: ${r.command} ${Math.round(r.ms)} ms vs node -e '' ${Math.round(r.nodeMs)} ms: ratio ${r.ratio.toFixed(1)} (goal <= 3, ${verdictOf(r.ratio <= 3)})`,
    );
  }
  return startup;
}
