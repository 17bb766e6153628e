import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderIdSchema } from '../core/activity.js';
import { generatedBlock, generatedDocs } from './docs.js';
import { catalog, descriptors, loadAllConnectors, loadConnector } from './catalog.js';
import { connectors, registry } from './registry.js';
import { FACT_KEYS } from './sdk/descriptor.js';

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

  it('lists the same connectors, in the same order, as descriptors (catalog.ts) and as implementations (registry.ts)', async () => {
    expect(descriptors.map((d) => d.id)).toEqual(connectors.map((c) => c.id));
    expect(await loadAllConnectors()).toEqual(connectors);
    expect(await loadConnector('no-such-app')).toBeUndefined();
    expect(catalog.get('no-such-app')).toBeUndefined();
  });

  it.each(descriptors.map((d) => [d.id, d] as const))('%s: the descriptor and the implementation hold the very same facts (no drift)', async (id, descriptor) => {
    const connector = await descriptor.load();
    expect(connector, `${id}/descriptor.ts must load its own implementation`).toBe(registry.get(id));
    expect(await loadConnector(id)).toBe(connector);
    for (const key of FACT_KEYS) {
      // The same objects, not copies: src/connectors/${id}/index.ts spreads factsOf(descriptor) and sets none of them itself.
      expect(connector[key], `${id}: ${key} differs between descriptor.ts and index.ts`).toBe(descriptor[key]);
    }
    expect(connector.configSchema).toBeDefined();
    expect(connector.capabilities.length).toBeGreaterThan(0);
    expect('load' in connector, `${id}: the implementation carries no loader`).toBe(false);
  });
});
