import { z } from 'zod';
import { HOUR } from '../../../core/clock.js';
import { backfillStart, keptFrom } from '../../sdk/backfill-start.js';
import { dateHeaderTime } from '../../sdk/date-header.js';
import type { ConnectorRuntime, IncrementalStream } from '../../sdk/define-connector.js';
import type { GoogleObject } from '../client.js';
import { googleSourceId } from '../normalize.js';
import type { GoogleSession } from '../session.js';

/** Reports keeps about 180 days; a first sync never asks for more. */
const RETENTION_MS = 180 * 24 * HOUR;

/**
 * A backfill is read a week at a time from its oldest week: Reports lists newest first, and a 30-day
 * backfill read as one query would hand detection a person's history backwards (their last weeks judged
 * before the first week that teaches their habits).
 */
const QUERY_WINDOW_MS = 7 * 24 * HOUR;

const WindowSchema = z.object({ start: z.number(), end: z.number(), pageToken: z.string() });
const AppStateSchema = z.object({
  /** End of the last window read to its last page (Google's clock, epoch ms). */
  end: z.number().nullable(),
  /** Ids read at or after `end - relist`: the next poll re-reads that range and skips them. */
  seen: z.array(z.string()),
  /** A window being paged: resume with its token. */
  window: WindowSchema.nullable(),
});
const CheckpointSchema = z.object({ v: z.literal(1), apps: z.record(z.string(), AppStateSchema) });
type Checkpoint = z.infer<typeof CheckpointSchema>;
type AppState = z.infer<typeof AppStateSchema>;

export function parseCheckpoint(text: string | null): Checkpoint {
  if (!text) return { v: 1, apps: {} };
  try {
    const parsed = CheckpointSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { v: 1, apps: {} };
  } catch {
    return { v: 1, apps: {} };
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

const timeOf = (item: GoogleObject): number => Date.parse(String((item.id as { time?: unknown } | undefined)?.time ?? ''));

/**
 * Reports activities, one application after another. Each poll reads the window from the last end less
 * `relistHours` (Google delivers events minutes to hours late) up to Google's now, newest first with
 * `pageToken` (a backfill a week at a time, oldest week first); ids already read in the overlap are
 * skipped, so a poll with nothing new returns nothing.
 * The checkpoint holds the window being paged and its token: a killed sync resumes on the next page.
 * Records older than the previous end that were not read before arrived late: their pages are `recheck`.
 */
export const activitiesStream: IncrementalStream<GoogleSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, { checkpoint, backfillFrom }) {
    const { client, config } = session;
    const state = parseCheckpoint(checkpoint);
    const relist = config.relistHours * HOUR;
    // Google's clock, asked once when it matters: for a first sync's start, or to cut a long range into weeks.
    let offset: number | null = null;
    const googleNow = async () => runtime.clock.now() + (offset ??= await googleClockOffset(session, runtime));
    const from = config.applications.some((a) => !state.apps[a]) ? firstSyncStart(backfillFrom, runtime.clock.now(), await googleNow()) : backfillFrom;
    for (const application of config.applications) {
      let app: AppState = state.apps[application] ?? { end: null, seen: [], window: null };
      const seen = new Set(app.seen);
      let start = app.window?.start ?? (app.end === null ? from : app.end - relist);
      let end = app.window?.end ?? null;
      let pageToken: string | null = app.window?.pageToken ?? null;
      // A window this stream cut to a week of a backfill: once read, the next week follows.
      let capped = end !== null && end < (await googleNow()) - relist;
      for (;;) {
        do {
          const localNow = runtime.clock.now();
          if (end === null) {
            // What Google still holds counts back from its clock; asked only when the start is near that edge by ours.
            start = await keptFrom(start, RETENTION_MS, localNow, googleNow);
            if (start + QUERY_WINDOW_MS < localNow - relist && start + QUERY_WINDOW_MS < (await googleNow()) - relist) {
              end = start + QUERY_WINDOW_MS;
              capped = true;
            }
          }
          const page = await client.activities(
            application,
            { startTime: iso(start), ...(end !== null ? { endTime: iso(end) } : {}), ...(pageToken ? { pageToken } : {}), maxResults: config.pageSize },
            runtime.signal,
          );
          // Google's clock ends the window (never Google's future); ours when it sends no Date.
          if (end === null) end = Math.max(start + 1, dateHeaderTime(page.response) ?? localNow);
          const windowEnd: number = end;
          const fresh: GoogleObject[] = [];
          const late: GoogleObject[] = [];
          for (const item of page.items) {
            const id = googleSourceId(item);
            if (id !== null) {
              if (seen.has(id)) continue;
              seen.add(id);
            }
            if (app.end !== null && timeOf(item) < app.end) late.push(item);
            else fresh.push(item);
          }
          pageToken = page.nextPageToken;
          const next: AppState = pageToken
            ? { end: app.end, seen: [...seen].filter((id) => overlapOf(id, windowEnd - relist)), window: { start, end: windowEnd, pageToken } }
            : { end: windowEnd, seen: [...seen].filter((id) => overlapOf(id, windowEnd - relist)), window: null };
          // Late records go first with the checkpoint as it was: a kill before the next page re-reads this page.
          if (late.length > 0) yield { records: late, checkpoint: JSON.stringify(state), recheck: true };
          state.apps[application] = next;
          app = next;
          yield { records: fresh, checkpoint: JSON.stringify(state) };
        } while (pageToken);
        if (!capped || end === null) break;
        start = end;
        end = null;
        capped = false;
      }
    }
  },
};

/**
 * Where a first sync starts: the sdk's rule, and an explicit start in Google's future (its clock behind
 * ours) keeps its distance from now, since Google refuses a window that starts in its future.
 */
function firstSyncStart(backfillFrom: number, localNow: number, googleNow: number): number {
  const start = backfillStart(backfillFrom, localNow, googleNow);
  return start > googleNow ? googleNow - (localNow - start) : start;
}

/** How far Google's clock is ahead of ours (ms, negative when behind): one small request tells the time. */
async function googleClockOffset(session: GoogleSession, runtime: ConnectorRuntime): Promise<number> {
  const localNow = runtime.clock.now();
  const probe = await session.client.activities(session.config.applications[0] ?? 'login', { maxResults: 1 }, runtime.signal);
  return (dateHeaderTime(probe.response) ?? localNow) - localNow;
}

/** Source ids start with the event's ISO time: keep those at or after `from`. */
function overlapOf(id: string, from: number): boolean {
  const t = Date.parse(id.slice(0, id.indexOf('/')));
  return Number.isNaN(t) || t >= from;
}
