/**
 * A clock that reads the middle of the current `windowMs`-long window of the epoch when it is made (half past
 * the hour for an hour, noon GMT for a day) and runs on from there in real time. A simulator's rate limits
 * counted in clock windows then turn over only half a window later, whatever the time a test runs at.
 */
export function clockMidWindow(windowMs: number, now: () => number = Date.now): () => number {
  const ahead = (((windowMs / 2 - (now() % windowMs)) % windowMs) + windowMs) % windowMs;
  return () => now() + ahead;
}
