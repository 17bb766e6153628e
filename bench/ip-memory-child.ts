// Measures the offline IP databases' load time and memory in a process of its own (run with --expose-gc):
// nothing else is on the heap, so the differences are the databases'. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { probeActivities } from './warm-enricher.js';

const gc = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.arrayBuffers, rss: m.rss };
};
const mb = (bytes: number) => Number((bytes / 1e6).toFixed(1));
const probe = probeActivities();

const m0 = sample();
const asnStart = performance.now();
const { enricher, asn } = openEnricher({});
const ranges = asn?.preload() ?? { ipv4Ranges: 0, ipv6Ranges: 0 };
const asnMs = performance.now() - asnStart;
const m1 = sample();
const cityStart = performance.now();
await enricher.prepare(probe);
const cityMs = performance.now() - cityStart;
const m2 = sample();
// Keep both alive until measured.
enricher.enrich(probe[0] as (typeof probe)[number]);

process.stdout.write(
  JSON.stringify({
    'ASN ranges loaded': `${ranges.ipv4Ranges} IPv4 + ${ranges.ipv6Ranges} IPv6`,
    // From the index beside the CSV once any process has parsed it (src/detection/enrichment/asn-index.ts).
    [`ASN ranges load from ${asn?.loadedFrom(4) === 'index' ? 'the index' : 'the CSV'} (ms)`]: Math.round(asnMs),
    [`ASN ranges memory: heap + buffers / RSS (MB${gc ? '' : ', approximate: no --expose-gc'})`]: `${mb(m1.js - m0.js)} / ${mb(m1.rss - m0.rss)}`,
    'city databases open, IPv4 + IPv6 (ms)': Math.round(cityMs),
    'city databases memory: heap + buffers / RSS (MB)': `${mb(m2.js - m1.js)} / ${mb(m2.rss - m1.rss)}`,
  }) + '\n',
);
