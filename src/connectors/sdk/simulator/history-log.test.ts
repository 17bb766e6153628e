import { describe, expect, it } from 'vitest';
import { HistoryLog, type HistoryWindow } from './history-log.js';

interface Entry {
  id: string;
  at: number;
  readableAt: number;
}

const entry = (id: string, at: number, readableAt = at): Entry => ({ id, at, readableAt });

/** A log listing newest first, with a count of the comparisons its sorts made. */
function newestFirst(window: HistoryWindow): { log: HistoryLog<Entry>; comparisons: () => number } {
  let comparisons = 0;
  const order = (a: Entry, b: Entry) => {
    comparisons++;
    return b.at - a.at;
  };
  return { log: new HistoryLog<Entry>({ happenedAt: (e) => e.at, readableAt: (e) => e.readableAt, window, order }), comparisons: () => comparisons };
}

const ids = (entries: readonly Entry[]) => entries.map((e) => e.id);

describe('HistoryLog', () => {
  it('keeps what happened inside the window, both ends included, by when it happened', () => {
    const { log } = newestFirst({ from: 100, until: 200 });
    log.add([entry('before', 99), entry('first', 100), entry('last', 200), entry('after', 201), entry('read late', 150, 500)]);
    expect(ids(log.all())).toEqual(['last', 'read late', 'first']);
    expect([99, 100, 200, 201].map((t) => log.inWindow(t))).toEqual([false, true, true, false]);
  });

  it('live: a window without end keeps everything from its start', () => {
    const { log } = newestFirst({ from: 100, until: Infinity });
    log.add([entry('old', 50), entry('far ahead', 1e15)]);
    expect(ids(log.all())).toEqual(['far ahead']);
  });

  it('sorts when read, not when written; ties keep the order they came in, across batches', () => {
    const { log, comparisons } = newestFirst({ from: 0, until: Infinity });
    log.add([entry('a', 10), entry('b', 20)]);
    log.add([entry('c', 10), entry('d', 30)]);
    expect(comparisons()).toBe(0);
    expect(ids(log.all())).toEqual(['d', 'b', 'a', 'c']);
    log.add([entry('e', 10)]);
    expect(ids(log.all())).toEqual(['d', 'b', 'a', 'c', 'e']);
    const sortedOnce = comparisons();
    log.all();
    expect(comparisons()).toBe(sortedOnce);
  });

  it('lists what is readable by now, now included, in order', () => {
    const { log } = newestFirst({ from: 0, until: Infinity });
    log.add([entry('on time', 10), entry('late', 5, 40), entry('not yet', 41)]);
    expect(ids(log.visible(39))).toEqual(['on time']);
    expect(ids(log.visible(40))).toEqual(['on time', 'late']);
    expect(ids(log.visible(41))).toEqual(['not yet', 'on time', 'late']);
    expect(ids(log.visible(41, (e) => e.id !== 'on time'))).toEqual(['not yet', 'late']);
  });

  it('a log in the order it can be read finds what is readable from its end', () => {
    let tested = 0;
    const log = new HistoryLog<Entry>({
      happenedAt: (e) => e.at,
      readableAt: (e) => {
        tested++;
        return e.readableAt;
      },
      window: { from: 0, until: Infinity },
      order: (a, b) => a.readableAt - b.readableAt,
      readableInOrder: true,
    });
    log.add([entry('later', 30), entry('first', 10), entry('second', 20), entry('latest', 40)]);
    tested = 0;
    expect(ids(log.visible(20))).toEqual(['first', 'second']);
    expect(tested).toBe(3);
    expect(ids(log.visible(5))).toEqual([]);
    expect(ids(log.visible(40))).toEqual(['first', 'second', 'later', 'latest']);
    expect(ids(log.visible(30, (e) => e.id !== 'second'))).toEqual(['first', 'later']);
  });

  it('an append after a read takes its place in order at the next read, and the window does not judge it', () => {
    const { log } = newestFirst({ from: 0, until: 100 });
    log.add([entry('a', 10), entry('b', 50)]);
    expect(ids(log.visible(100))).toEqual(['b', 'a']);
    log.append(entry('tie with b', 50));
    log.append(entry('past the window', 150));
    expect(ids(log.visible(100))).toEqual(['b', 'tie with b', 'a']);
    expect(ids(log.all())).toEqual(['past the window', 'b', 'tie with b', 'a']);
  });
});
