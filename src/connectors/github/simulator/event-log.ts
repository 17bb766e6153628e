import type { StoredEvent } from './events.js';

/** A position in `created` order: events strictly after it come next (ascending). */
export interface LogPosition {
  created: number;
  seq: number;
}

/** The audit log's opaque `after`/`before` cursor: base64url of `<created ms>:<seq>`. */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(`${position.created}:${position.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): LogPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const match = /^(\d{1,16}):(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { created: Number(match[1]), seq: Number(match[2]) } : null;
}

export const compare = (a: LogPosition, b: LogPosition) => a.created - b.created || a.seq - b.seq;

/** The organisation's audit events in `created` order. */
export class EventLog {
  private events: StoredEvent[] = [];
  private nextSeq = 1;

  get size(): number {
    return this.events.length;
  }

  add(batch: readonly Omit<StoredEvent, 'seq'>[]): StoredEvent[] {
    const added = [...batch].sort((a, b) => a.created - b.created).map((e) => ({ ...e, seq: this.nextSeq++ }));
    this.events.push(...added);
    this.events.sort(compare);
    return added;
  }

  /** Every event visible at `now`, ascending. */
  visible(now: number): StoredEvent[] {
    return this.events.filter((e) => e.visibleAt <= now && e.created <= now);
  }

  all(): readonly StoredEvent[] {
    return this.events;
  }
}
