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

/** A source whose item i is ready once `open(i)` is called (items are still yielded in their order). */
function gatedSource(name: string, count: number, asked: string[] = []): { items: AsyncIterable<string>; open(i: number): void } {
  const opens: (() => void)[] = [];
  const gates = Array.from({ length: count }, () => new Promise<void>((resolve) => opens.push(resolve)));
  async function* items(): AsyncIterable<string> {
    for (const [i, gate] of gates.entries()) {
      // Recorded when the consumer asks for item i, before it is ready.
      asked.push(`${name}${i}`);
      await gate;
      yield `${name}${i}`;
    }
  }
  return { items: items(), open: (i) => (opens[i] as () => void)() };
}

/** Whether a promise has settled once every pending reaction has run (a macrotask turn later). */
async function settledYet(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('interleave', () => {
  it('yields items as they are ready, each source in its own order', async () => {
    // Each item waits for its gate: the test decides the order in which items become ready, no timers.
    const a = gatedSource('a', 3);
    const b = gatedSource('b', 3);
    const items = interleave([a.items, b.items])[Symbol.asyncIterator]();
    const next = async (open: () => void): Promise<string | undefined> => {
      const pending = items.next();
      // Nothing is yielded before an item is ready.
      expect(await settledYet(pending)).toBe(false);
      open();
      const result = await pending;
      return result.done ? undefined : result.value;
    };
    const order = [
      await next(() => a.open(0)),
      // a1 is not ready: b's items are yielded meanwhile, as each becomes ready.
      await next(() => b.open(0)),
      await next(() => b.open(1)),
      await next(() => b.open(2)),
      await next(() => a.open(1)),
    ];
    // Ready together: a2 comes before the end of both sources.
    a.open(2);
    order.push((await items.next()).value as string);
    expect(order).toEqual(['a0', 'b0', 'b1', 'b2', 'a1', 'a2']);
    expect(await items.next()).toEqual({ done: true, value: undefined });
  });

  it('waits on both sources at once rather than one after the other', async () => {
    // Both sources are asked for their first item before either has one ready; one after the other, b would
    // be asked only once a had yielded. No timers: the test opens the gates.
    const asked: string[] = [];
    const a = gatedSource('a', 2, asked);
    const b = gatedSource('b', 2, asked);
    const items = interleave([a.items, b.items])[Symbol.asyncIterator]();
    const first = items.next();
    expect(await settledYet(first)).toBe(false);
    expect([...asked].sort()).toEqual(['a0', 'b0']);
    b.open(0);
    expect((await first).value).toBe('b0');
    a.open(0);
    expect((await items.next()).value).toBe('a0');
    b.open(1);
    expect((await items.next()).value).toBe('b1');
    a.open(1);
    expect((await items.next()).value).toBe('a1');
    expect(await items.next()).toEqual({ done: true, value: undefined });
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
