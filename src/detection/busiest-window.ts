/**
 * The busiest window of `windowMs` that holds an activity at `time`: the one ending at it or, for a late
 * activity (another feed behind), one ending at a later entry less than a window on. `entries` start with
 * their time; `counts` picks the entries a window counts and `score` rates them. Ties keep the earliest end.
 */
export function busiestWindowHolding<E extends readonly [number, ...unknown[]]>(
  entries: readonly E[],
  time: number,
  windowMs: number,
  score: (held: readonly E[]) => number,
  counts: (entry: E) => boolean = () => true,
): { held: E[]; end: number; score: number } {
  let best: { held: E[]; end: number; score: number } | null = null;
  for (const end of new Set([time, ...entries.filter((e) => e[0] > time && e[0] < time + windowMs).map((e) => e[0])])) {
    const held = entries.filter((e) => e[0] > end - windowMs && e[0] <= end && counts(e));
    const rated = score(held);
    if (best === null || rated > best.score) best = { held, end, score: rated };
  }
  return best as { held: E[]; end: number; score: number };
}
