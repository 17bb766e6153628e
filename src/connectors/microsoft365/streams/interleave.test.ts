import { describe, expect, it } from 'vitest';
import { interleave } from './interleave.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* source(name: string, delays: number[], options: { failAfter?: number; closed?: string[] } = {}): AsyncIterable<string> {
  try {
    for (const [i, delay] of delays.entries()) {
      await tick(delay);
      if (options.failAfter === i) throw new Error(`${name} failed`);
      yield `${name}${i}`;
    }
  } finally {
    options.closed?.push(name);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('interleave', () => {
  it('yields items as they are ready, each source in its own order', async () => {
    const items = await collect(interleave([source('a', [5, 40, 5]), source('b', [20, 5, 5])]));
    expect(items).toEqual(['a0', 'b0', 'b1', 'b2', 'a1', 'a2']);
  });

  it('waits on both sources at once rather than one after the other', async () => {
    const started = Date.now();
    await collect(interleave([source('a', [100, 100]), source('b', [100, 100])]));
    // One after the other would take 400 ms at the least.
    expect(Date.now() - started).toBeLessThan(330);
  });

  it('reads the other sources to the end before throwing the first failure', async () => {
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of interleave([source('a', [5, 5], { failAfter: 1 }), source('b', [10, 10, 10])])) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('a failed');
    expect(seen).toEqual(['a0', 'b0', 'b1', 'b2']);
  });

  it('closes every source when the consumer stops early', async () => {
    const closed: string[] = [];
    for await (const item of interleave([source('a', [5, 50, 50], { closed }), source('b', [30, 50], { closed })])) {
      if (item === 'a0') break;
    }
    expect(closed.sort()).toEqual(['a', 'b']);
  });
});
