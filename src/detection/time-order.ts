/**
 * `item` added to a list kept in time order, after every entry at or before its time (where a stable sort
 * would put it): a scan from the end, as most activities are the newest their policy has seen.
 */
export function insertByTime<T>(list: T[], item: T, timeOf: (x: T) => number): void {
  const time = timeOf(item);
  let at = list.length;
  while (at > 0 && timeOf(list[at - 1] as T) > time) at--;
  list.splice(at, 0, item);
}
