import type { IncrementalStream } from '../../sdk/define-connector.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import { parseProviderTime } from '../../sdk/normalize-helpers.js';
import type { ContinueResult, EventsPage } from '../client.js';
import type { DropboxSession } from '../session.js';

/**
 * Where the team log stands: `cursor` is Dropbox's position after the last delivered page (polled for new
 * events even when `has_more` was false); `through` is the latest event time delivered (epoch ms), where a
 * `bad_cursor` restarts from.
 */
export interface TeamLogCheckpoint {
  cursor: string;
  through: number;
}

export function parseTeamLogCheckpoint(text: string | null): TeamLogCheckpoint | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<TeamLogCheckpoint>;
    if (typeof value.cursor !== 'string' || value.cursor === '' || typeof value.through !== 'number' || !Number.isFinite(value.through)) return null;
    return { cursor: value.cursor, through: value.through };
  } catch {
    return null;
  }
}

/** ISO 8601 with whole seconds and `Z`, rounded up: `start_time` is inclusive. */
export function isoSeconds(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Where to ask again after a `reset` (the time Dropbox names) or a `bad_cursor` (the latest event stored). */
function restartAt(result: Exclude<ContinueResult, { kind: 'page' }>, through: number): number {
  return result.kind === 'reset' ? (parseProviderTime(result.startTime) ?? through) : through;
}

function latest(page: EventsPage, through: number): number {
  let max = through;
  for (const e of page.events) {
    const t = parseProviderTime(e.timestamp);
    if (t !== null && t > max) max = t;
  }
  return max;
}

/**
 * The team log (`team_log/get_events`, then `get_events/continue` with the cursor). The first sync asks
 * for everything since the backfill start; every later one continues the stored cursor, which Dropbox
 * keeps open for events logged after it (late ones included). A `reset` restarts at the time Dropbox
 * names; a `bad_cursor` restarts at the latest event time stored (the overlap is absorbed by the store's
 * unique key).
 */
export const activitiesStream: IncrementalStream<DropboxSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    const signal = runtime.signal;
    const stored = parseTeamLogCheckpoint(options.checkpoint);
    let through: number;
    let page: EventsPage;
    if (stored) {
      through = stored.through;
      const next = await client.continueEvents(stored.cursor, signal);
      page = next.kind === 'page' ? next.page : await client.getEvents({ limit: config.pageSize, startTime: isoSeconds(restartAt(next, through)) }, signal);
    } else {
      const localNow = runtime.clock.now();
      const providerNow = await client.serverTime(signal);
      const from = providerNow === null ? options.backfillFrom : backfillStart(options.backfillFrom, localNow, providerNow);
      through = Math.ceil(from / 1000) * 1000;
      page = await client.getEvents({ limit: config.pageSize, startTime: isoSeconds(from) }, signal);
    }
    for (;;) {
      through = latest(page, through);
      const checkpoint = JSON.stringify({ cursor: page.cursor, through } satisfies TeamLogCheckpoint);
      // A caught-up poll with nothing new changes nothing worth a commit.
      if (page.events.length > 0 || page.cursor !== stored?.cursor) yield { records: page.events, checkpoint };
      if (!page.has_more) return;
      const next = await client.continueEvents(page.cursor, signal);
      if (next.kind === 'page') page = next.page;
      else page = await client.getEvents({ limit: config.pageSize, startTime: isoSeconds(restartAt(next, through)) }, signal);
    }
  },
};
