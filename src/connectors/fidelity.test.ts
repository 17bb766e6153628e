import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectors } from './registry.js';
import { FIDELITY_FIELDS, carriesField, scoreCorpus, valuesAt, type FidelityCase, type FieldSourceMap } from './sdk/fidelity.js';
import { normalizeRecord, offlineContext } from './sdk/normalize-total.js';

/**
 * Issue #11: every registered connector is held to records from its provider's own published documentation
 * (its `fidelity/corpus.ts`), field by field. The suite fails below 100% agreement.
 */
describe.each(connectors.map((c) => [c.id, c] as const))('fidelity corpus: %s', (id, connector) => {
  const file = new URL(`./${id}/fidelity/corpus.ts`, import.meta.url);

  it('has a corpus of documented records', async () => {
    expect(
      existsSync(file),
      `add src/connectors/${id}/fidelity/corpus.ts exporting \`export const corpus: FidelityCase[]\` (format: src/connectors/sdk/fidelity.ts) with records from the provider's published docs`,
    ).toBe(true);
    const { corpus } = (await import(file.href)) as { corpus?: FidelityCase[] };
    expect(Array.isArray(corpus) && corpus.length > 0, `src/connectors/${id}/fidelity/corpus.ts must export a non-empty \`corpus\``).toBe(true);
    for (const c of corpus ?? []) {
      expect(c.source, `case "${c.shape}": cite the published page it was taken from`).toMatch(/^https:\/\/\S+$/);
      expect(c.shape.length, 'every case names its record shape').toBeGreaterThan(0);
      expect(Object.keys(c.expect).length, `case "${c.shape}" checks no field`).toBeGreaterThan(0);
      expect(['published', 'captured', 'synthetic'], `case "${c.shape}": say whether its values are the provider's published sample, a captured record or synthetic`).toContain(c.values);
      if (c.values !== 'published') expect(c.note ?? '', `case "${c.shape}": a ${c.values} record says in \`note\` where its values come from`).not.toBe('');
    }
  });

  it('agrees with the corpus on every field (100%)', async () => {
    if (!existsSync(file)) return expect.fail(`no corpus: add src/connectors/${id}/fidelity/corpus.ts`);
    const { corpus } = (await import(file.href)) as { corpus: FidelityCase[] };
    const score = scoreCorpus(corpus, (record, ingestedAt) => normalizeRecord(connector, record, offlineContext('fidelity', ingestedAt)));
    const rows = FIDELITY_FIELDS.map((f) => {
      const { checked, agreed } = score.perField[f];
      return `${f.padEnd(8)} ${String(agreed).padStart(3)}/${String(checked).padEnd(3)} ${checked ? ((100 * agreed) / checked).toFixed(1) : '-'}%`;
    });
    const count = (v: FidelityCase['values']) => corpus.filter((c) => c.values === v).length;
    const report = `fidelity ${id} (${corpus.length} records: ${count('published')} published, ${count('captured')} captured, ${count('synthetic')} synthetic)\n  ${rows.join('\n  ')}`;
    // Every headline field is held to at least one documented record.
    expect(FIDELITY_FIELDS.filter((f) => score.perField[f].checked === 0), `fields no case checks\n${report}`).toEqual([]);
    expect(score.misses, report).toEqual([]);
  });

  it('declares (fieldSources) where every field the corpus expects is carried', async () => {
    if (!existsSync(file) || !connector.fieldSources) return expect.fail(`add fieldSources to src/connectors/${id}/index.ts and a corpus`);
    const { corpus } = (await import(file.href)) as { corpus: FidelityCase[] };
    const sources = connector.fieldSources;
    // Outcome and action may be derived (no ResultStatus → success), so only the fields read verbatim are held.
    const undeclared = corpus.flatMap((c) =>
      (['user', 'ip', 'time', 'targets'] as const)
        .filter((f) => c.expect[f] !== undefined && c.expect[f] !== null && !(f === 'targets' && c.expect.targets?.length === 0))
        .filter((f) => !carriesField(c.record, sources, f))
        .map((f) => `${c.shape}: ${f}`),
    );
    expect(undeclared, 'the docs table (fieldSources) names no path these records carry the field at').toEqual([]);
  });

  it('the docs table (fieldSources) names a path holding each value the corpus expects, so it cannot drift from the normaliser', async () => {
    if (!existsSync(file) || !connector.fieldSources) return expect.fail(`add fieldSources to src/connectors/${id}/index.ts and a corpus`);
    const { corpus } = (await import(file.href)) as { corpus: FidelityCase[] };
    const sources = connector.fieldSources;
    const wrong: string[] = [];
    for (const c of corpus) {
      const { user, ip, time, targets } = c.expect;
      if (typeof user === 'string' && !declaredLeaves(c.record, sources, 'user').some((v) => v.toLowerCase().includes(user.toLowerCase()))) wrong.push(`${c.shape}: user ${user}`);
      if (typeof ip === 'string' && !declaredLeaves(c.record, sources, 'ip').some((v) => v.toLowerCase().includes(ip.toLowerCase()))) wrong.push(`${c.shape}: ip ${ip}`);
      if (typeof time === 'number' && !declaredLeaves(c.record, sources, 'time').some((v) => readsAsTime(v, time))) wrong.push(`${c.shape}: time ${new Date(time).toISOString()}`);
      // A target the record carries verbatim (not one the normaliser derives, such as a role's display name) must be at a declared path.
      const text = JSON.stringify(c.record).toLowerCase();
      const targetLeaves = declaredLeaves(c.record, sources, 'targets').map((v) => v.toLowerCase());
      for (const target of targets ?? []) {
        const wanted = target.toLowerCase();
        if (text.includes(wanted) && !targetLeaves.some((v) => v.includes(wanted))) wrong.push(`${c.shape}: target ${target}`);
      }
    }
    expect(wrong, 'values the normaliser reads from a path the docs table does not name (add the path to fieldSources)').toEqual([]);
  });
});

/** The text of every scalar at or below the paths a connector declares for a field. */
function declaredLeaves(record: unknown, sources: readonly FieldSourceMap[], field: 'user' | 'ip' | 'time' | 'targets'): string[] {
  const out: string[] = [];
  const pending = sources.flatMap((s) => s.fields[field].flatMap((path) => valuesAt(record, path)));
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') pending.push(...Object.values(value as object));
    else out.push(String(value));
  }
  return out;
}

/**
 * Whether a raw time value is the expected instant: epoch seconds or milliseconds, ISO text with or without a
 * zone (none is UTC), or a local time a whole number of hours off (a record that states its zone elsewhere).
 */
function readsAsTime(value: string, expected: number): boolean {
  const candidates: number[] = [];
  if (/^\d+(\.\d+)?$/.test(value)) candidates.push(Number(value) * 1000, Number(value));
  candidates.push(Date.parse(value), Date.parse(`${value.replace(' ', 'T')}Z`));
  const off = (t: number) => Math.abs(t - expected);
  return candidates.some((t) => !Number.isNaN(t) && (off(t) < 1000 || (off(t) % 3_600_000 === 0 && off(t) <= 14 * 3_600_000)));
}
