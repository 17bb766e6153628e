import { MINUTE } from '../../../core/clock.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import type { AuditQuery } from '../client.js';
import type { GithubSession } from '../session.js';

/**
 * How far back every run reads again. GitHub publishes no delivery delay for its audit log, and events do
 * show up after later ones (Git events most of all): a run re-lists the last 15 minutes and keeps only the
 * events it has not delivered yet.
 */
export const AUDIT_REREAD_MS = 15 * MINUTE;

/** Where the next run starts: the newest `created_at` delivered, and the ids delivered inside the re-read window. */
export interface AuditCheckpoint {
  v: 1;
  /** Epoch ms: the newest `created_at` (or `@timestamp`) delivered so far. */
  hwm: number;
  /** `_document_id` → created ms of what was delivered within {@link AUDIT_REREAD_MS} of `hwm`. */
  seen: Record<string, number>;
}

export function parseAuditCheckpoint(text: string | null): AuditCheckpoint | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<AuditCheckpoint>;
    if (parsed.v === 1 && typeof parsed.hwm === 'number' && parsed.seen && typeof parsed.seen === 'object') return { v: 1, hwm: parsed.hwm, seen: { ...parsed.seen } };
  } catch {
    // An unreadable checkpoint (older format, hand-edited) restarts from the backfill window below.
  }
  return null;
}

/** GitHub's search date syntax takes ISO 8601 with seconds; the audit log keeps milliseconds, so round down. */
export function createdSince(ms: number): string {
  return `created:>=${new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')}`;
}

export function eventTime(event: Record<string, unknown>): number | null {
  const value = event['@timestamp'] ?? event.created_at;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function eventId(event: Record<string, unknown>): string | null {
  const id = event._document_id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/**
 * The organisation audit log, oldest first (`order=asc`, `phrase=created:>=…`), following GitHub's `after`
 * cursors in `Link`. Each page commits a checkpoint of the newest time delivered and the ids near it, so a
 * resumed or later run re-reads {@link AUDIT_REREAD_MS} and delivers each event once.
 */
export const activitiesStream: IncrementalStream<GithubSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    const previous = parseAuditCheckpoint(options.checkpoint);
    const start = previous ? previous.hwm - AUDIT_REREAD_MS : backfillStart(options.backfillFrom, runtime.clock.now(), (await client.serverNow(runtime.signal)) ?? runtime.clock.now());
    const state: AuditCheckpoint = previous ?? { v: 1, hwm: start, seen: {} };
    const rereadFrom = start;
    const query: AuditQuery = { phrase: createdSince(rereadFrom), include: config.includeGitEvents ? 'all' : 'web', order: 'asc', perPage: config.pageSize };
    let from: AuditQuery | string = query;
    for (;;) {
      const page = await client.auditLogPage(from, runtime.signal);
      const fresh: Record<string, unknown>[] = [];
      let late = false;
      for (const event of page.events) {
        const id = eventId(event);
        const created = eventTime(event) ?? state.hwm;
        // The phrase's seconds are rounded down: a few events just before the window are dropped here too.
        if (created < rereadFrom) continue;
        if (id !== null && id in state.seen) continue;
        if (previous && created <= previous.hwm) late = true;
        fresh.push(event);
        if (id !== null) state.seen[id] = created;
        state.hwm = Math.max(state.hwm, created);
      }
      for (const [id, created] of Object.entries(state.seen)) if (created < state.hwm - AUDIT_REREAD_MS) delete state.seen[id];
      if (fresh.length > 0 || page.next === null) yield { records: fresh, checkpoint: JSON.stringify(state), ...(late ? { recheck: true } : {}) };
      if (page.next === null) return;
      from = page.next;
    }
  },
};
