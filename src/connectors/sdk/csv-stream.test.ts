import { describe, expect, it } from 'vitest';
import { csvCell, csvRecords, csvRows } from './csv-stream.js';

async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('csvRows', () => {
  const text = '"A","B","C"\r\n"1","x, y","say ""hi"""\r\n"2","line\r\nbreak","café…"\r\n';
  it('reads quoted cells, escaped quotes, commas and line breaks inside quotes, at any chunk size', async () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await all(csvRows(chunksOf(text, size)))).toEqual([
        ['A', 'B', 'C'],
        ['1', 'x, y', 'say "hi"'],
        ['2', 'line\r\nbreak', 'café…'],
      ]);
    }
  });
  it('keeps a last row without a line end and skips blank lines', async () => {
    expect(await all(csvRows(chunksOf('a,b\n\nc,d', 3)))).toEqual([['a', 'b'], ['c', 'd']]);
  });
  it('names cells by the header row', async () => {
    expect(await all(csvRecords(chunksOf('"X","Y"\n"1"\n', 4)))).toEqual([{ X: '1', Y: '' }]);
    expect(csvCell('a"b')).toBe('"a""b"');
  });
});
