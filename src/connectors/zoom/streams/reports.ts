import { z } from 'zod';
import { DAY, MINUTE } from '../../../core/clock.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { ConnectorRuntime, IncrementalStream } from '../../sdk/define-connector.js';
import { isExpiredPageToken, REPORTS, type ReportKind } from '../client.js';
import { recordTime, zoomRecordId } from '../record-id.js';
import type { ZoomSession } from '../session.js';

/**
 * Content of one request window. Zoom caps a report query at one month; a window asks for its days plus one
 * day either side (the report's days are the account's time zone), so 27 days keeps each query within 29.
 */
export const WINDOW_MS = 27 * DAY;
/** Zoom serves reports for the last 6 months only: a first sync never starts before this. */
export const RETENTION_MS = 180 * DAY - 2 * DAY;

const WindowSchema = z.object({
  start: z.number(),
  end: z.number(),
  token: z.string(),
  /** Oldest `time` delivered from this window so far (Zoom pages newest first), and the ids delivered at it. */
  lowest: z.number().nullable(),
  atLowest: z.array(z.string()),
  /** The window is being read again after its token expired: skip what it already gave. */
  restarted: z.boolean().default(false),
});
const CheckpointSchema = z.object({
  v: z.literal(1),
  /** Every record with `time` < end was read (Zoom's clock, epoch ms). */
  end: z.number().nullable(),
  /** `time/id` of records read at or after `end - relist`: the next poll re-reads that range and skips them. */
  seen: z.array(z.string()),
  window: WindowSchema.nullable(),
});
export type ReportCheckpoint = z.infer<typeof CheckpointSchema>;

const StreamCheckpointSchema = z.object({ v: z.literal(1), reports: z.record(z.string(), CheckpointSchema) });

/** Where each report stands (one `activities` stream reads both), from the stream's checkpoint text. */
export function parseReportCheckpoints(text: string | null): Partial<Record<ReportKind, ReportCheckpoint>> {
  if (!text) return {};
  try {
    const parsed = StreamCheckpointSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.reports as Partial<Record<ReportKind, ReportCheckpoint>>) : {};
  } catch {
    return {};
  }
}

const freshState = (): ReportCheckpoint => ({ v: 1, end: null, seen: [], window: null });

/** yyyy-mm-dd (UTC) of an epoch ms. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * One date-bounded Zoom report, read from `state` (updated in place). Each poll reads from the last end less
 * `relistMinutes` (operation logs reach the report late) up to Zoom's now, in windows of at most 27 days
 * (the API caps a query at a month), each paged newest first with `next_page_token`. Records carry no id:
 * each is named by a hash of its content, and ids already read in the overlap are skipped, so a poll with
 * nothing new returns nothing. The checkpoint keeps the window being paged and its token; a token expires
 * after 15 minutes, and then the window is read again from its first page, skipping what was delivered
 * (everything newer than the oldest time delivered, and the ids at that time). Records older than the
 * previous end that were not read before arrived late: their pages are `recheck`.
 */
async function* readReport(
  kind: ReportKind,
  session: ZoomSession,
  runtime: ConnectorRuntime,
  state: ReportCheckpoint,
  backfillFrom: number,
): AsyncGenerator<{ records: Record<string, unknown>[]; state: ReportCheckpoint; recheck?: boolean }> {
  const { client, config } = session;
  const relist = config.relistMinutes * MINUTE;
  const localNow = runtime.clock.now();
  let target: number | null = null;
  for (;;) {
    let window = state.window;
    if (!window) {
      if (target === null) target = await zoomNow(session, kind, localNow, runtime.signal);
      if (state.end !== null && state.end >= target) return;
      // Zoom answers for the last 6 months only: a connection idle longer than that resumes where Zoom's reports begin.
      const from = Math.max(state.end === null ? backfillStart(backfillFrom, localNow, target) : state.end - relist, target - RETENTION_MS);
      window = { start: from, end: Math.min(target, Math.max(from, state.end ?? from) + WINDOW_MS), token: '', lowest: null, atLowest: [], restarted: false };
    }
    const { restarted } = window;
    const seen = new Map(state.seen.map((entry) => [entry.slice(entry.indexOf('/') + 1), entry]));
    const query = { from: isoDate(window.start - DAY), to: isoDate(window.end + DAY), pageSize: config.pageSize };
    let page;
    try {
      page = await client.report(kind, { ...query, nextPageToken: window.token || undefined }, runtime.signal);
    } catch (error) {
      if (!window.token || !isExpiredPageToken(error)) throw error;
      // The token outlived its 15 minutes: read the window again, skipping what it already gave.
      state.window = { ...window, token: '', restarted: window.lowest !== null };
      continue;
    }
    const fresh: Record<string, unknown>[] = [];
    const late: Record<string, unknown>[] = [];
    let { lowest } = window;
    let atLowest = new Set(window.atLowest);
    for (const record of page.records) {
      const t = recordTime(record);
      if (t === null || t < window.start || t >= window.end) continue;
      const id = zoomRecordId(record);
      if (restarted && window.lowest !== null && (t > window.lowest || (t === window.lowest && window.atLowest.includes(id)))) continue;
      if (lowest === null || t < lowest) {
        lowest = t;
        atLowest = new Set();
      }
      if (t === lowest) atLowest.add(id);
      if (seen.has(id)) continue;
      seen.set(id, `${t}/${id}`);
      if (state.end !== null && t < state.end) late.push(record);
      else fresh.push(record);
    }
    const windowEnd = window.end;
    // Kept: the next poll's overlap and, while this window is paged, the overlap it started with (read last).
    const previousEnd = page.nextPageToken ? state.end : null;
    const keep = [...seen.values()].filter((entry) => {
      const t = Number(entry.slice(0, entry.indexOf('/')));
      return t >= windowEnd - relist || (previousEnd !== null && t >= previousEnd - relist && t < previousEnd);
    });
    const next: ReportCheckpoint = page.nextPageToken
      ? { v: 1, end: state.end, seen: keep, window: { ...window, token: page.nextPageToken, lowest, atLowest: [...atLowest] } }
      : { v: 1, end: windowEnd, seen: keep, window: null };
    // Late records go first with the checkpoint as it was: a kill before the next page re-reads this page.
    if (late.length > 0) yield { records: late, state: structuredClone(state), recheck: true };
    Object.assign(state, next);
    yield { records: fresh, state: structuredClone(state) };
  }
}

/**
 * Zoom's activity: the sign-in/out report, then the operation logs, each read as `readReport` does, under one
 * checkpoint `{v: 1, reports: {signins, operations}}`.
 */
export const activitiesStream: IncrementalStream<ZoomSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, { checkpoint, backfillFrom }) {
    const reports = parseReportCheckpoints(checkpoint);
    for (const kind of Object.keys(REPORTS) as ReportKind[]) {
      const state = reports[kind] ?? freshState();
      for await (const page of readReport(kind, session, runtime, structuredClone(state), backfillFrom)) {
        reports[kind] = page.state;
        yield { records: page.records, checkpoint: JSON.stringify({ v: 1, reports }), ...(page.recheck ? { recheck: true } : {}) };
      }
    }
  },
};

/** Zoom's clock from a small report request (its Date header), so a window never ends in Zoom's future. */
async function zoomNow(session: ZoomSession, kind: ReportKind, localNow: number, signal?: AbortSignal): Promise<number> {
  const probe = await session.client.report(kind, { from: isoDate(localNow), to: isoDate(localNow), pageSize: 1 }, signal);
  return probe.serverTime ?? localNow;
}
