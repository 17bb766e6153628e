// The API server alone, in a process of its own and from the compiled tree (.build/, as `parapet serve`
// runs it — not through tsx, whose transpiler would count in the figure): prints its address, serves until
// told "report" on stdin, then prints its peak RSS. The benchmark streams the export from the parent, so
// only the server is measured.
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { ensureBuild } from '../bin/build.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: api-export-child.js <dataDir>');
const built = await ensureBuild();
const load = (path) => import(pathToFileURL(join(built, 'src', path)).href);
const [{ openStore }, { buildApi }, { registry }, { SyncService }, { systemClock }] = await Promise.all([
  load('store/db.js'),
  load('api/build-api.js'),
  load('connectors/registry.js'),
  load('sync/sync-service.js'),
  load('core/clock.js'),
]);
const store = await openStore({ dataDir });
const logger = pino({ level: 'warn' });
const sync = new SyncService({ store, registry, logger, clock: systemClock, backfillDays: 7 });
const app = await buildApi({ store, sync, registry, clock: systemClock, logger });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const baselineRssMb = Math.round(process.memoryUsage().rss / 1048576);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
process.stdout.write(JSON.stringify({ base }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'report') continue;
  clearInterval(timer);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ baselineRssMb, peakRssMb: Math.round(Math.max(peak, maxRss) / 1048576) }) + '\n');
  break;
}
await app.close();
await store.close();
