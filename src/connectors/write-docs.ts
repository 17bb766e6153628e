import { readFileSync, writeFileSync } from 'node:fs';
import { connectors } from './registry.js';
import { generatedDocs, withGeneratedBlock } from './docs.js';

/** Rewrites the registry-generated blocks of docs/ (`node bin/run-ts.js src/connectors/write-docs.ts`). */
for (const doc of generatedDocs(connectors)) {
  const url = new URL(`../../${doc.path}`, import.meta.url);
  writeFileSync(url, withGeneratedBlock(readFileSync(url, 'utf8'), doc.block, doc.body));
  process.stdout.write(`wrote ${doc.path} (${doc.block})\n`);
}
