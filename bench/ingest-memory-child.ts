// Runs the 1M-event memory benchmark in a process of its own, so its peak RSS is not the other benchmarks'.
import { registry } from '../src/connectors/registry.js';
import { benchIngestMemory } from './ingest.js';

const events = Number(process.argv[2] ?? 1_000_000);
const docusign = registry.get('docusign');
if (!docusign) throw new Error('the docusign connector is not registered');
const result = await benchIngestMemory(docusign, 'eventId', events);
process.stdout.write(JSON.stringify(result) + '\n');
