/** The stretch of time a simulated tenant's history holds (epoch ms), both ends included. */
export interface HistoryWindow {
  /** The oldest moment: the history's start. */
  from: number;
  /** The newest moment: a frozen tenant's "now", or Infinity when live. */
  until: number;
}

/** What one provider's log is made of. */
export interface HistoryLogOptions<T> {
  /** When an entry happened (epoch ms): the window keeps or drops it by this. */
  happenedAt: (entry: T) => number;
  /** When an entry can be read (epoch ms): it is listed once "now" has reached this. */
  readableAt: (entry: T) => number;
  window: HistoryWindow;
  /** The provider's listing order. */
  order: (a: T, b: T) => number;
  /**
   * The order is by `readableAt`, earliest first (a log kept in the order it was written): what is readable
   * by now is then its front, found from the end without testing every entry.
   */
  readableInOrder?: boolean;
}

/**
 * A simulated tenant's log: its history inside the window and what API calls did, listed in the provider's
 * order up to "now". A live tenant's days come in batches as their time nears, so the log sorts when it is
 * read, not each time it is written; the sort is stable, so ties keep the order they came in.
 */
export class HistoryLog<T> {
  private readonly entries: T[] = [];
  private sorted = true;

  constructor(private readonly options: HistoryLogOptions<T>) {}

  /** Whether the window holds a moment (epoch ms). */
  inWindow(time: number): boolean {
    return time >= this.options.window.from && time <= this.options.window.until;
  }

  /** Takes in the entries of a batch of history that happened inside the window. */
  add(batch: readonly T[]): void {
    for (const entry of batch) if (this.inWindow(this.options.happenedAt(entry))) this.append(entry);
  }

  /** Takes in an entry as it is: what an API call did, which happens "now". */
  append(entry: T): void {
    this.entries.push(entry);
    this.sorted = false;
  }

  /** Every entry held, readable yet or not, in the provider's order. */
  all(): readonly T[] {
    if (!this.sorted) {
      this.entries.sort(this.options.order);
      this.sorted = true;
    }
    return this.entries;
  }

  /** The entries readable by `now` (and, given `where`, that pass it), in the provider's order. */
  visible(now: number, where?: (entry: T) => boolean): T[] {
    const { readableAt, readableInOrder } = this.options;
    const entries = this.all();
    if (!readableInOrder) return entries.filter((entry) => readableAt(entry) <= now && (where === undefined || where(entry)));
    let end = entries.length;
    while (end > 0 && readableAt(entries[end - 1] as T) > now) end--;
    const front = entries.slice(0, end);
    return where === undefined ? front : front.filter(where);
  }
}
