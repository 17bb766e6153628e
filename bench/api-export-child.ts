// The API server alone, in a process of its own: prints its address, serves until told "report" on stdin,
// then prints its peak RSS. The benchmark streams the export from the parent, so only the server is measured.
import { createInterface } from 'node:readline';
import { listenForBench } from './api.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: api-export-child.ts <dataDir>');
const { app, store, base } = await listenForBench(dataDir);
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
