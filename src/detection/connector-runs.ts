/**
 * Consecutive items of one connector, as a sync commits them: each run is one engine page (the engine keeps
 * a watermark per connector), at most `limit` long. `from` and `to` index the run in `items` (`to` exclusive).
 */
export function* connectorRuns<T>(
  items: readonly T[],
  connectorOf: (item: T) => string,
  limit = Number.POSITIVE_INFINITY,
): Generator<{ instance: string; from: number; to: number }> {
  for (let from = 0; from < items.length; ) {
    const instance = connectorOf(items[from] as T);
    let to = from + 1;
    while (to < items.length && to - from < limit && connectorOf(items[to] as T) === instance) to++;
    yield { instance, from, to };
    from = to;
  }
}
