import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderIdSchema } from '../core/activity.js';
import { generatedBlock, generatedDocs } from './docs.js';
import { connectors, registry } from './registry.js';

describe('connector registry', () => {
  it('every connector id is a valid, unique provider id (core checks the form, the registry which ids exist)', () => {
    const ids = connectors.map((c) => c.id);
    for (const id of ids) expect(ProviderIdSchema.safeParse(id).success, `connector id "${id}"`).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => registry.get(id)?.id === id)).toBe(true);
    expect(ProviderIdSchema.safeParse('Not A Provider').success).toBe(false);
  });

  it.each(connectors.map((c) => [c.id, c] as const))('%s declares where each Activity field comes from (fieldSources)', (id, c) => {
    expect(c.fieldSources?.length ?? 0, `add \`fieldSources\` (src/connectors/sdk/fidelity.ts FieldSourceMap) to src/connectors/${id}/index.ts`).toBeGreaterThan(0);
  });

  it.each(generatedDocs(connectors).map((d) => [`${d.path} (${d.block})`, d] as const))('%s is generated from the registry and current', (_name, doc) => {
    const text = readFileSync(new URL(`../../${doc.path}`, import.meta.url), 'utf8');
    expect(generatedBlock(text, doc.block), `out of date: run \`node bin/run-ts.js src/connectors/write-docs.ts\``).toBe(doc.body);
  });
});
