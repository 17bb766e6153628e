import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderIdSchema } from '../core/activity.js';
import { generatedBlock, generatedDocs, renderCapabilityTable } from './docs.js';
import { SEED_CAPABILITIES, SEED_EXCEPTIONS, SEED_SOURCE, seedCapabilities, seedMark, seedRowFor } from './seed-capabilities.js';
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

describe("the seed's capability table (src/connectors/seed-capabilities.ts)", () => {
  it('has a row for every registered connector and none for an app we do not have', () => {
    expect(Object.keys(SEED_CAPABILITIES).sort()).toEqual(connectors.map((c) => c.id).sort());
  });

  it.each(connectors.map((c) => [c.id, c] as const))('%s declares at least the seed\'s capabilities, but for the exceptions listed with a reason', (id, c) => {
    const exceptions = SEED_EXCEPTIONS[id] ?? {};
    const missing = seedCapabilities(id).filter((cap) => !c.capabilities.includes(cap) && exceptions[cap] === undefined);
    expect(missing, `${id}: MDCA gives these; declare them (with data behind them) or add them to SEED_EXCEPTIONS with a reason`).toEqual([]);
    for (const [cap, why] of Object.entries(exceptions)) {
      // An exception is a real gap: the seed gives it, we do not declare it, and the reason says why.
      expect(seedCapabilities(id), `${id}.${cap} is not in the seed's row: drop the exception`).toContain(cap);
      expect(c.capabilities, `${id}.${cap} is declared: drop the exception`).not.toContain(cap);
      expect(why.length).toBeGreaterThan(20);
    }
  });

  it('reads MDCA cells as they are written: conditions and previews count, "not supported" and empty do not', () => {
    expect(['✔', '✔ - requires Google Business or Enterprise', 'Partial', 'Supported with Salesforce Shield', 'Preview', '', 'Not supported by provider', 'Not applicable', 'Coming soon'].map(seedMark)).toEqual([
      'yes',
      'partial',
      'partial',
      'partial',
      'preview',
      'no',
      'no',
      'no',
      'no',
    ]);
    expect(seedCapabilities('okta')).toEqual(['accounts', 'logOnActivity', 'userActivity', 'adminActivity', 'sspm']);
    expect(seedCapabilities('servicenow')).toEqual(['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'sspm']);
    expect(seedCapabilities('no-such-app')).toEqual([]);
    expect(seedRowFor('no-such-app').mdcaName).toBeNull();
  });

  it('the generated matrix shows ours and the seed\'s mark per cell, the source, and every exception', () => {
    const text = renderCapabilityTable(connectors);
    expect(text).toContain(SEED_SOURCE.commit);
    const okta = text.split('\n').find((l) => l.startsWith('| Okta |'));
    // accounts ✓/✓, groups ✓/·, privileges ✓/· (MDCA: not supported by provider), ..., revoke ✓/· (MDCA: not applicable), sspm ✓/P
    expect(okta).toBe('| Okta | `okta` | ✓ / ✓ | ✓ / · | ✓ / · | ✓ / ✓ | ✓ / ✓ | ✓ / ✓ | ✓ / · | ✓ / · | ✓ / · | ✓ / P | ✓ |');
    for (const [id, caps] of Object.entries(SEED_EXCEPTIONS)) for (const why of Object.values(caps)) expect(text, id).toContain(why);
  });
});
