import { DAY } from '../../../core/clock.js';
import { ProviderError } from '../../../core/errors.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { ConnectorRuntime, IncrementalStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { parseActivityCheckpoint, serializeCheckpoint, type ActivityCheckpoint, type FeedState, type SignInState } from '../activity-checkpoint.js';
import { CONTENT_RECENT_RELIST_MS, CONTENT_RETENTION_MS, CONTENT_SWEEP_EVERY_MS, CONTENT_WINDOW_MS, RETENTION_MARGIN_MS, SIGNIN_QUERY_WINDOW_MS, SIGNIN_RECENT_MS, SIGNIN_SWEEP_EVERY_MS, SIGNIN_SWEEP_RANGE_MS } from '../activity-window.js';
import { isNoSubscription, type ContentEntry } from '../client.js';
import type { M365ContentType } from '../config.js';
import { M365_ERROR_CODES, type M365Throttles } from '../http-policy.js';
import type { M365Session } from '../session.js';
import { interleave } from './interleave.js';

/** Content blobs fetched at once (in order of listing; the governor still paces every request). */
const BLOB_CONCURRENCY = 4;
/** Parapet's default first-sync window (config `backfillDays`). */
/** Graph keeps sign-in logs about 30 days. */
const SIGNIN_RETENTION_MS = 30 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * Starts the chosen content types' subscriptions when missing or disabled (AF20024 means already on), and
 * returns Microsoft's clock as its answer stated it (else ours): the 7-day limit is counted on Microsoft's.
 */
export async function ensureSubscriptions(session: M365Session, runtime: ConnectorRuntime): Promise<number> {
  const { client, config } = session;
  const { subscriptions, serverTime } = await client.listSubscriptions(runtime.signal);
  for (const contentType of config.components) {
    const subscription = subscriptions.find((s) => s.contentType.toLowerCase() === contentType.toLowerCase());
    if (subscription && subscription.status?.toLowerCase() === 'enabled') continue;
    const result = await client.startSubscription(contentType, runtime.signal);
    runtime.logger.info({ contentType, result }, 'Microsoft 365 audit subscription started');
    if (result === 'started') {
      runtime.logger.warn(
        { contentType },
        `Microsoft 365 ${contentType}: the audit subscription was just started. Microsoft lists nothing created before a subscription starts, and its first content can take up to 12 hours to appear; later syncs re-list the last 7 days and pick it up as it appears.`,
      );
    }
  }
  return serverTime ?? runtime.clock.now();
}

/** A page of one source of the stream, and how it moves that source's part of the checkpoint. */
interface SourcePage {
  records: Record<string, unknown>[];
  commit: (checkpoint: ActivityCheckpoint) => void;
  /** Records from a range read before: what is new in them arrived late. */
  recheck?: boolean;
}

const unchanged: SourcePage['commit'] = () => undefined;

type Fetched = { entry: ContentEntry; records: Record<string, unknown>[] } | { entry: ContentEntry; error: unknown };

/** Successful fetches in a row before blobs are fetched several at a time, at first. */
const CONCURRENCY_AFTER = 20;
/** The longest run of successful fetches asked for before fetching several at a time again. */
const CONCURRENCY_AFTER_MAX = 320;

/**
 * How many blobs to fetch at once: one at first, four once a run of fetches went through without an
 * AF429. Each AF429 back-off starts the run again and doubles the run needed: a sync that keeps reaching
 * the tenant's quota gains nothing from fetching several at a time, and every request still in flight when
 * Microsoft answers AF429 is refused as well. (A refused fetch is retried inside the HTTP client, so a
 * back-off is counted where it begins, not seen in the fetch's result.)
 */
class BlobWidth {
  private run = 0;
  private needed = CONCURRENCY_AFTER;
  private seenBackOffs: number;

  constructor(private readonly throttles: M365Throttles) {
    this.seenBackOffs = throttles.backOffs;
  }

  width(): number {
    this.throttled();
    return this.run >= this.needed ? BLOB_CONCURRENCY : 1;
  }

  /** After each fetch: whether it went through. */
  record(ok: boolean): void {
    this.run = this.throttled() || !ok ? 0 : this.run + 1;
  }

  private throttled(): boolean {
    if (this.throttles.backOffs === this.seenBackOffs) return false;
    this.needed = Math.min(CONCURRENCY_AFTER_MAX, this.needed * 2 ** (this.throttles.backOffs - this.seenBackOffs));
    this.seenBackOffs = this.throttles.backOffs;
    this.run = 0;
    return true;
  }
}

/**
 * Fetches blobs in listing order, as many at a time as `width` allows (the governor still paces every
 * request); results come back in listing order.
 */
async function* fetchInOrder(entries: readonly ContentEntry[], fetch: (entry: ContentEntry) => Promise<Record<string, unknown>[]>, width: BlobWidth): AsyncIterable<Fetched> {
  const inflight: Promise<Fetched>[] = [];
  let next = 0;
  while (next < entries.length || inflight.length > 0) {
    while (inflight.length < width.width() && next < entries.length) {
      const entry = entries[next++] as ContentEntry;
      inflight.push(fetch(entry).then((records) => ({ entry, records }), (error: unknown) => ({ entry, error })));
    }
    const done = inflight.shift();
    if (!done) continue;
    const result = await done;
    width.record(!('error' in result));
    yield result;
  }
}

function isGone(error: unknown): error is ProviderError {
  return error instanceof ProviderError && (error.providerCode === M365_ERROR_CODES.blobExpired || error.providerCode === M365_ERROR_CODES.blobNotFound);
}

/**
 * One content type of the unified audit log, from its checkpoint to now: 24-hour windows on
 * `contentCreated`, clamped to the last 7 days. Microsoft lists some blobs hours or days after their
 * `contentCreated` (and promises no order), so every poll re-lists the last hours before the last end, and
 * every {@link CONTENT_SWEEP_EVERY_MS} the whole 7-day range; blobs already read (their ids are kept, in the
 * checkpoint, for as long as Microsoft lists them) are not fetched again. A blob found before the last end
 * is a late arrival: its page is marked `recheck`, so the sync counts what was new in it. `end` moves only
 * once a whole window was listed, so a crash mid-window re-lists that window. Records repeated across blobs
 * are yielded once per run.
 */
async function* readFeed(
  session: M365Session,
  runtime: ConnectorRuntime,
  checkpoint: ActivityCheckpoint,
  contentType: M365ContentType,
  now: number,
  backfillFrom: number,
  recordIds: Set<string>,
  width: BlobWidth,
): AsyncIterable<SourcePage> {
  const { client } = session;
  const floor = toSecond(now - CONTENT_RETENTION_MS + RETENTION_MARGIN_MS);
  const previous: FeedState | undefined = checkpoint.feeds[contentType];
  if (previous && Date.parse(previous.end) < floor) {
    runtime.logger.warn(
      { contentType, lastEnd: previous.end },
      `Microsoft 365 ${contentType}: the last sync read up to ${previous.end}, more than 7 days ago. Content created between then and ${iso(floor)} has expired at Microsoft and cannot be read.`,
    );
  }
  const limit = toSecond(now);
  const lastEnd = previous ? Date.parse(previous.end) : null;
  const seen = new Map<string, number>();
  for (const [id, created] of Object.entries(previous?.seen ?? {})) if (Date.parse(created) >= floor) seen.set(id, Date.parse(created));
  let end = lastEnd ?? floor;
  let sweptAt = previous?.sweptAt;
  let lost = previous?.lostBlobs ?? 0;

  const commit = (): SourcePage['commit'] => {
    const state: FeedState = { end: iso(end), seen: Object.fromEntries([...seen].map(([id, created]) => [id, iso(created)])) };
    if (sweptAt !== undefined) state.sweptAt = sweptAt;
    if (lost > 0) state.lostBlobs = lost;
    return (into) => {
      into.feeds[contentType] = state;
    };
  };

  /** Lists [from, to) window by window, fetching every blob not read yet; `advance` moves `end` as windows complete. */
  async function* list(from: number, to: number, advance: boolean): AsyncIterable<SourcePage> {
    for (let cursor = from; cursor < to; ) {
      const windowEnd = Math.min(cursor + CONTENT_WINDOW_MS, to);
      let resubscribed = false;
      for (;;) {
        try {
          for await (const page of client.listContent(contentType, cursor, windowEnd, runtime.signal)) {
            const todo = page.filter((entry) => !seen.has(entry.contentId));
            for await (const fetched of fetchInOrder(todo, (entry) => client.fetchBlob(entry.contentUri, runtime.signal), width)) {
              const created = Date.parse(fetched.entry.contentCreated);
              seen.set(fetched.entry.contentId, Number.isNaN(created) ? cursor : created);
              let fresh: Record<string, unknown>[] = [];
              if ('error' in fetched) {
                if (!isGone(fetched.error)) throw fetched.error;
                lost++;
                const expired = fetched.error.providerCode === M365_ERROR_CODES.blobExpired;
                runtime.logger.warn(
                  { contentType, contentId: fetched.entry.contentId, contentCreated: fetched.entry.contentCreated, code: fetched.error.providerCode },
                  `Microsoft 365 ${contentType}: content blob created ${fetched.entry.contentCreated} could not be read: ${expired ? 'it expired at Microsoft (AF20051), which keeps audit content for 7 days only' : 'Microsoft no longer has it (AF20050)'}. Its audit records are lost; this happens when syncing falls about a week behind.`,
                );
              } else {
                fresh = fetched.records.filter((record) => {
                  const id = str(record.Id);
                  if (id === null) return true;
                  if (recordIds.has(id)) return false;
                  recordIds.add(id);
                  return true;
                });
              }
              const late = lastEnd !== null && (Number.isNaN(created) || created < lastEnd);
              yield { records: fresh, commit: commit(), recheck: late };
            }
          }
          break;
        } catch (error) {
          if (!isNoSubscription(error) || resubscribed) throw error;
          // Someone stopped the subscription since the sync began: start it again and re-list.
          resubscribed = true;
          await client.startSubscription(contentType, runtime.signal);
        }
      }
      if (advance) end = Math.max(end, windowEnd);
      yield { records: [], commit: commit() };
      cursor = windowEnd;
    }
  }

  if (lastEnd === null) {
    // A first sync lists everything it asks for: the range counts as swept.
    sweptAt = iso(now);
    yield* list(toSecond(Math.max(backfillFrom, floor)), limit, true);
    return;
  }
  const recentFrom = toSecond(Math.max(Math.min(lastEnd, limit) - CONTENT_RECENT_RELIST_MS, floor));
  yield* list(recentFrom, limit, true);
  if (previous?.sweptAt === undefined || now - Date.parse(previous.sweptAt) >= CONTENT_SWEEP_EVERY_MS) {
    yield* list(floor, recentFrom, false);
    sweptAt = iso(now);
    yield { records: [], commit: commit() };
  }
}

/**
 * Reads `[from, to)` of a sign-in log page by page, one {@link SIGNIN_QUERY_WINDOW_MS} window after another
 * from the oldest: Graph lists sign-ins newest first, and a 30-day backfill read as one query would hand
 * detection a person's history backwards (their last weeks judged before the first week that teaches their
 * habits: a VPN they always use alerted on every day of it).
 */
async function* signInPages(session: M365Session, runtime: ConnectorRuntime, kind: 'signIns' | 'nonInteractiveSignIns', from: number, to: number): AsyncIterable<Record<string, unknown>[]> {
  const { client } = session;
  const interactive = kind === 'signIns';
  const url = client.graphUrl('/auditLogs/signIns', interactive ? 'v1.0' : 'beta');
  for (let start = from; start < to; start += SIGNIN_QUERY_WINDOW_MS) {
    const end = Math.min(start + SIGNIN_QUERY_WINDOW_MS, to);
    let filter = `createdDateTime ge ${iso(start)} and createdDateTime lt ${iso(end)}`;
    if (!interactive) filter += ` and signInEventTypes/any(t: t eq 'nonInteractiveUser')`;
    yield* client.graphPages('microsoft365.graph.sign-ins', url, { $filter: filter, $top: 1000 }, { reports: true, signal: runtime.signal });
  }
}

/**
 * Entra sign-ins from Graph (`auditLogs/signIns`, newest first). Sign-ins show up minutes late (Microsoft:
 * p95 about 2, p99 about 5 minutes) and a few much later, so each poll re-reads the last
 * {@link SIGNIN_RECENT_MS} before the last end, skipping the ids it already read there, and every
 * {@link SIGNIN_SWEEP_EVERY_MS} re-reads the last {@link SIGNIN_SWEEP_RANGE_MS} as a `recheck` page (the
 * store keeps what it has; what is new there arrived late). The checkpoint moves only once the whole
 * window was read.
 */
async function* readSignIns(
  session: M365Session,
  runtime: ConnectorRuntime,
  checkpoint: ActivityCheckpoint,
  kind: 'signIns' | 'nonInteractiveSignIns',
  now: number,
  backfillFrom: number,
): AsyncIterable<SourcePage> {
  const previous = checkpoint[kind];
  const floor = now - SIGNIN_RETENTION_MS;
  const end = toSecond(now);
  const lastEnd = previous ? Date.parse(previous.end) : null;
  const start = Math.max(lastEnd === null ? backfillFrom : Math.min(lastEnd, end) - SIGNIN_RECENT_MS, floor);
  const already = new Set(previous?.seen ?? []);
  const read = new Set<string>();
  const overlap = new Set<string>();
  for await (const page of signInPages(session, runtime, kind, start, end)) {
    const fresh: Record<string, unknown>[] = [];
    const late: Record<string, unknown>[] = [];
    for (const record of page) {
      const id = str(record.id);
      const created = Date.parse(String(record.createdDateTime));
      if (id !== null) {
        if (!Number.isNaN(created) && created >= end - SIGNIN_RECENT_MS) overlap.add(id);
        if (already.has(id) || read.has(id)) continue;
        read.add(id);
      }
      if (lastEnd !== null && !Number.isNaN(created) && created < lastEnd) late.push(record);
      else fresh.push(record);
    }
    if (fresh.length > 0) yield { records: fresh, commit: unchanged };
    if (late.length > 0) yield { records: late, commit: unchanged, recheck: true };
  }
  let sweptAt = lastEnd === null ? iso(now) : previous?.sweptAt;
  if (lastEnd !== null && (sweptAt === undefined || now - Date.parse(sweptAt) >= SIGNIN_SWEEP_EVERY_MS)) {
    const sweepFrom = Math.max(end - SIGNIN_SWEEP_RANGE_MS, floor);
    if (sweepFrom < start) {
      for await (const page of signInPages(session, runtime, kind, sweepFrom, start)) {
        const unread = page.filter((record) => {
          const id = str(record.id);
          return id === null || !read.has(id);
        });
        if (unread.length > 0) yield { records: unread, commit: unchanged, recheck: true };
      }
    }
    sweptAt = iso(now);
  }
  const state: SignInState = { end: iso(end), seen: [...overlap] };
  if (sweptAt !== undefined) state.sweptAt = sweptAt;
  yield {
    records: [],
    commit: (into) => {
      into[kind] = state;
    },
  };
}

export { backfillStart } from '../../sdk/backfill-start.js';

/**
 * The activity log: the unified audit log's chosen content types (Management Activity API), and Entra
 * interactive sign-ins and, when enabled, non-interactive ones (Graph). The two APIs are throttled apart
 * (the tenant's Management API quota; Graph's 5 audit-log requests per 10 s), so they are read at the same
 * time and neither waits for the other. One checkpoint holds them all.
 */
export const activitiesStream: IncrementalStream<M365Session> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, { checkpoint, backfillFrom }) {
    const previous = parseActivityCheckpoint(checkpoint);
    const { config } = session;
    const localNow = runtime.clock.now();
    const now = await ensureSubscriptions(session, runtime);
    const from = backfillStart(backfillFrom, localNow, now);
    const recordIds = new Set<string>();
    const width = new BlobWidth(session.throttles);
    async function* feeds(): AsyncIterable<SourcePage> {
      for (const contentType of config.components) yield* readFeed(session, runtime, previous, contentType, now, from, recordIds, width);
    }
    async function* signIns(): AsyncIterable<SourcePage> {
      if (config.includeSignIns) yield* readSignIns(session, runtime, previous, 'signIns', now, from);
      if (config.includeNonInteractiveSignIns) yield* readSignIns(session, runtime, previous, 'nonInteractiveSignIns', now, from);
    }
    // What is committed moves only as pages are handed over, whichever source they come from: a page still
    // waiting its turn never advances the checkpoint of one handed over before it.
    const committed = parseActivityCheckpoint(checkpoint);
    for await (const page of interleave([feeds(), signIns()])) {
      page.commit(committed);
      yield { records: page.records, checkpoint: serializeCheckpoint(committed), ...(page.recheck ? { recheck: true } : {}) };
    }
  },
};
