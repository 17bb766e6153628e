import type { StoredEvent } from './events.js';

/** A position in the ingestion order: events strictly after it come next. */
export interface StreamPosition {
  ingestedAt: number;
  seq: number;
}

export type CursorParse = { kind: 'position'; position: StreamPosition } | { kind: 'invalid' };

const OPAQUE_PREFIX = 'ingest:';

/**
 * Monitor's opaque `endCursor`: base64url of `ingest:<ingestion ms>:<sequence>`. Clients must treat it as
 * opaque; the simulator only needs it to be stable and ordered.
 */
export function encodeCursor(position: StreamPosition): string {
  return Buffer.from(`${OPAQUE_PREFIX}${position.ingestedAt}:${position.seq}`, 'utf8').toString('base64url');
}

/** An ISO-8601 time (first event ingested at/after it) or an opaque cursor from a previous page. */
export function parseCursor(cursor: string): CursorParse {
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(cursor)) {
    const ms = Date.parse(cursor);
    if (Number.isNaN(ms)) return { kind: 'invalid' };
    return { kind: 'position', position: { ingestedAt: ms, seq: 0 } };
  }
  if (!/^[A-Za-z0-9_\-+/]+=*$/.test(cursor)) return { kind: 'invalid' };
  const text = Buffer.from(cursor.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url').toString('utf8');
  const match = /^ingest:(\d{1,16}):(\d{1,12})$/.exec(text);
  if (!match) return { kind: 'invalid' };
  return { kind: 'position', position: { ingestedAt: Number(match[1]), seq: Number(match[2]) } };
}

function after(event: StoredEvent, position: StreamPosition): boolean {
  return event.ingestedAt > position.ingestedAt || (event.ingestedAt === position.ingestedAt && event.seq > position.seq);
}

/**
 * The tenant's Monitor events in ingestion order. An event is readable once its ingestion time has come
 * (`visibleAt`), so a live simulator releases pre-generated events as the clock passes them.
 */
export class EventLog {
  private events: StoredEvent[] = [];
  private nextSeq = 1;

  get size(): number {
    return this.events.length;
  }

  /** Adds events, numbering them in ingestion order. */
  add(batch: readonly Omit<StoredEvent, 'seq'>[]): StoredEvent[] {
    const sorted = [...batch].sort((a, b) => a.ingestedAt - b.ingestedAt);
    const added = sorted.map((e) => ({ ...e, seq: this.nextSeq++ }));
    this.events.push(...added);
    this.events.sort((a, b) => a.ingestedAt - b.ingestedAt || a.seq - b.seq);
    return added;
  }

  /** Up to `limit` readable events strictly after `position`. */
  page(position: StreamPosition, limit: number, visibleAt: number): StoredEvent[] {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(this.events[mid] as StoredEvent, position)) hi = mid;
      else lo = mid + 1;
    }
    const out: StoredEvent[] = [];
    for (let i = lo; i < this.events.length && out.length < limit; i++) {
      const event = this.events[i] as StoredEvent;
      if (event.ingestedAt > visibleAt) break;
      out.push(event);
    }
    return out;
  }

  /** Every readable event ingested at or after `from`. */
  visibleSince(from: number, visibleAt: number): StoredEvent[] {
    return this.events.filter((e) => e.ingestedAt >= from && e.ingestedAt <= visibleAt);
  }

  all(): readonly StoredEvent[] {
    return this.events;
  }
}
