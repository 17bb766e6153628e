import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecords, type InputItem } from './record-input.js';

const connectorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'connectors');

async function read(text: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readRecords(Readable.from([text]))) items.push(item);
  return items;
}

const records = (items: InputItem[]) => items.flatMap((i) => ('record' in i ? [i.record] : []));
const errors = (items: InputItem[]) => items.flatMap((i) => ('error' in i ? [i.where] : []));

describe('parapet normalize input', () => {
  it('reads a pretty-printed record as one record (a sample copied from the provider docs or saved with jq .)', async () => {
    const record = { uuid: 'a1', eventType: 'user.session.start', actor: { id: '00u1', alternateId: 'ann@acme.example' }, target: [{ id: 't', type: 'User' }], empty: {} };
    const items = await read(`${JSON.stringify(record, null, 2)}\n`);
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual([record]);
  });

  it('reads pretty-printed records one after another (`cat *.json`), and JSON lines around them, in order', async () => {
    const a = { id: 'a', text: 'braces in strings } { ] [ and an escaped quote \\" stay text' };
    const b = { id: 'b', nested: { list: [1, { deep: true }] } };
    const text = [JSON.stringify(a, null, 2), JSON.stringify(b, null, 1), JSON.stringify({ id: 'c' }), JSON.stringify(a, null, '\t')].join('\n');
    const items = await read(text);
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual([a, b, { id: 'c' }, a]);
  });

  it('reads files that end without a newline as `cat` joins them (`}{` on one line), an array among them too', async () => {
    const a = { id: 'a', nested: { list: [1, { deep: true }] } };
    const text = JSON.stringify(a, null, 2) + JSON.stringify({ id: 'b' }, null, 2) + JSON.stringify([{ id: 'c' }, { id: 'd' }], null, 2) + '{"id":"e"}{"id":"f"}';
    const items = await read(text);
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual([a, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }, { id: 'f' }]);
  });

  it('reads JSON arrays one after another (`cat` of query results), pretty-printed or not, element by element', async () => {
    const text = JSON.stringify([{ id: 'a' }, { id: 'b' }], null, 2) + JSON.stringify([{ id: 'c' }]) + '\n' + JSON.stringify({ id: 'd' }, null, 2) + '\n[7]';
    const items = await read(text);
    expect(records(items)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    expect(items.filter((i) => 'error' in i)).toEqual([{ where: 'value 4, element 0', error: 'expected a JSON object, got number' }]);
  });

  it('names a broken record by its lines and still reads the records after it', async () => {
    const items = await read(['{"id": "cut', '{"id": "next"}', '{', '  "id": "pretty"', '}', '{', '  "never": "closed"'].join('\n'));
    expect(records(items)).toEqual([{ id: 'next' }, { id: 'pretty' }]);
    expect(errors(items)).toEqual(['line 1', 'lines 6-7']);
  });

  it("reads every connector's fixture file, each a provider's published sample as saved, with no line skipped", async () => {
    const problems: string[] = [];
    let files = 0;
    for (const provider of readdirSync(connectorsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      const dir = join(connectorsDir, provider, 'simulator', 'fixtures');
      let names: string[];
      try {
        names = readdirSync(dir).filter((f) => f.endsWith('.json'));
      } catch {
        continue;
      }
      for (const name of names) {
        files++;
        const text = readFileSync(join(dir, name), 'utf8');
        const content = JSON.parse(text) as unknown;
        const items = await read(text);
        const want = Array.isArray(content) ? content : [content];
        if (errors(items).length > 0 || JSON.stringify(records(items)) !== JSON.stringify(want)) problems.push(`${provider}/${name}: ${errors(items).length} error(s), ${records(items).length} of ${want.length} record(s)`);
      }
    }
    expect(files).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
