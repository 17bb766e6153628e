import { writeFileSync } from 'node:fs';
import { registry } from '../connectors/registry.js';
import { renderPostureDocs } from './posture-docs.js';

// `npm run docs:posture`: regenerates docs/posture.md from the registry.
writeFileSync(new URL('../../docs/posture.md', import.meta.url), renderPostureDocs(registry.list()));
