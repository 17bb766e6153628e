import type { ConnectorRuntime, IncrementalStream } from '../../sdk/define-connector.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import { parseProviderTime } from '../../sdk/normalize-helpers.js';
import type { ContinueResult, EventsPage } from '../client.js';
import type { DropboxSession } from '../session.js';

/**
 * Where one team log read stands: `cursor` is Dropbox's position after the last delivered page (polled for
 * new events even when `has_more` was false); `through` is the latest event time delivered (epoch ms),
 * where a `bad_cursor` restarts from.
 */
export interface TeamLogCheckpoint {
  cursor: string;
  through: number;
}

function position(value: unknown): TeamLogCheckpoint | null {
  const v = value as Partial<TeamLogCheckpoint> | null;
  if (!v || typeof v.cursor !== 'string' || v.cursor === '' || typeof v.through !== 'number' || !Number.isFinite(v.through)) return null;
  return { cursor: v.cursor, through: v.through };
}

/** One position (`{cursor, through}`), or null when the text is not one. */
export function parseTeamLogCheckpoint(text: string | null): TeamLogCheckpoint | null {
  if (!text) return null;
  try {
    return position(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Per-category positions (`{byCategory: {logins: {cursor, through}, …}}`); categories it lacks start afresh. */
export function parseCategoryCheckpoints(text: string | null): Record<string, TeamLogCheckpoint> {
  const out: Record<string, TeamLogCheckpoint> = Object.create(null) as Record<string, TeamLogCheckpoint>;
  if (!text) return out;
  try {
    const value = JSON.parse(text) as { byCategory?: Record<string, unknown> };
    for (const [category, p] of Object.entries(value.byCategory ?? {})) {
      const parsed = position(p);
      if (parsed) out[category] = parsed;
    }
  } catch {
    // an unreadable checkpoint starts afresh
  }
  return out;
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
 * One read of the team log (the whole log, or one category): `get_events` from `from` on a first read, else
 * `get_events/continue` from the stored position. Yields each page with the position after it.
 */
async function* readLog(session: DropboxSession, runtime: ConnectorRuntime, stored: TeamLogCheckpoint | null, from: () => Promise<number>, category: string | null): AsyncGenerator<{ events: Record<string, unknown>[]; position: TeamLogCheckpoint }> {
  const { client, config } = session;
  const signal = runtime.signal;
  const ask = (start: number) => client.getEvents({ limit: config.pageSize, startTime: isoSeconds(start), category: category ?? undefined }, signal);
  let through: number;
  let page: EventsPage;
  if (stored) {
    through = stored.through;
    const next = await client.continueEvents(stored.cursor, signal);
    page = next.kind === 'page' ? next.page : await ask(restartAt(next, through));
  } else {
    const start = await from();
    through = Math.ceil(start / 1000) * 1000;
    page = await ask(start);
  }
  for (;;) {
    through = latest(page, through);
    // A caught-up poll with nothing new changes nothing worth a commit.
    if (page.events.length > 0 || page.cursor !== stored?.cursor) yield { events: page.events, position: { cursor: page.cursor, through } };
    if (!page.has_more) return;
    const next = await client.continueEvents(page.cursor, signal);
    page = next.kind === 'page' ? next.page : await ask(restartAt(next, through));
  }
}

/**
 * The team log (`team_log/get_events`, then `get_events/continue` with the cursor). The first sync asks
 * for everything since the backfill start; every later one continues the stored cursor, which Dropbox
 * keeps open for events logged after it (late ones included). A `reset` restarts at the time Dropbox
 * names; a `bad_cursor` restarts at the latest event time stored (the overlap is absorbed by the store's
 * unique key). With `categories` in the config, each category is read with its own cursor.
 */
export const activitiesStream: IncrementalStream<DropboxSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    let start: number | null = null;
    // The default "last 7 days" counts back from Dropbox's clock (the Date header), asked once.
    const from = async () => {
      if (start !== null) return start;
      const providerNow = await session.client.serverTime(runtime.signal);
      start = providerNow === null ? options.backfillFrom : backfillStart(options.backfillFrom, runtime.clock.now(), providerNow);
      return start;
    };
    const categories = session.config.categories;
    if (!categories || categories.length === 0) {
      for await (const page of readLog(session, runtime, parseTeamLogCheckpoint(options.checkpoint), from, null)) {
        yield { records: page.events, checkpoint: JSON.stringify(page.position) };
      }
      return;
    }
    const positions = parseCategoryCheckpoints(options.checkpoint);
    for (const category of categories) {
      for await (const page of readLog(session, runtime, positions[category] ?? null, from, category)) {
        positions[category] = page.position;
        yield { records: page.events, checkpoint: JSON.stringify({ byCategory: { ...positions } }) };
      }
    }
  },
};
