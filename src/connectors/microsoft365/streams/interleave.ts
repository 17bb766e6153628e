type Settled<T> = { index: number; result: IteratorResult<T> } | { index: number; error: unknown };

/**
 * Reads several sources at once and yields each item as soon as it is ready, so sources throttled by
 * different budgets (the Management API's quota, Graph's audit-log limit) wait at the same time rather
 * than one after the other. Each source is pulled one item ahead at most. A source that fails does not
 * stop the others: they are read to the end and the first failure is thrown then. Stopping early closes
 * every source.
 */
export async function* interleave<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T, void, undefined> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<Settled<T>>>();
  const pull = (index: number) => {
    const iterator = iterators[index] as AsyncIterator<T>;
    pending.set(
      index,
      iterator.next().then(
        (result) => ({ index, result }),
        (error: unknown) => ({ index, error }),
      ),
    );
  };
  iterators.forEach((_, index) => pull(index));
  const finished = new Set<number>();
  let failure: { error: unknown } | null = null;
  try {
    while (pending.size > 0) {
      const settled = await Promise.race(pending.values());
      pending.delete(settled.index);
      if ('error' in settled || settled.result.done) {
        finished.add(settled.index);
        if ('error' in settled) failure ??= { error: settled.error };
        continue;
      }
      yield settled.result.value;
      pull(settled.index);
    }
  } finally {
    // Sources not finished yet: the consumer stopped early.
    await Promise.allSettled(iterators.filter((_, index) => !finished.has(index)).map((iterator) => iterator.return?.()));
  }
  if (failure) throw failure.error;
}
