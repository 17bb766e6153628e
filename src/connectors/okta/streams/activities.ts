import { DAY, MINUTE } from '../../../core/clock.js';
import { ProviderError } from '../../../core/errors.js';
import { keptFrom } from '../../sdk/backfill-start.js';
import type { ConnectorRuntime, IncrementalStream } from '../../sdk/define-connector.js';
import type { OktaSession } from '../session.js';

/** The System Log's own default window when no `since` is sent. */
const LOG_DEFAULT_WINDOW = 7 * DAY;
const DEFAULT_WINDOW_TOLERANCE = 5 * MINUTE;
/** Okta keeps the System Log about 90 days; `since` older than that is refused (400 E0000001). */
const RETENTION = 90 * DAY - DAY;
const CHECKPOINT_PREFIX = 'okta-next:';

/**
 * The first request: Okta's default window when the backfill is its 7 days (its clock decides), else `since`
 * (the backfill start, already held to what Okta keeps: {@link keptFrom}).
 */
export function initialQuery(backfillFrom: number, localNow: number, limit: number, since: number): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (Math.abs(localNow - LOG_DEFAULT_WINDOW - backfillFrom) > DEFAULT_WINDOW_TOLERANCE) params.set('since', new Date(since).toISOString());
  return `/api/v1/logs?${params.toString()}`;
}

/** A since older than what Okta keeps by its clock is refused: Okta's clock is asked when the backfill nears that edge. */
async function firstQuery(session: OktaSession, runtime: ConnectorRuntime, backfillFrom: number): Promise<string> {
  const localNow = runtime.clock.now();
  const since = await keptFrom(backfillFrom, RETENTION, localNow, async () => (await session.client.serverNow(runtime.signal)) ?? localNow);
  return initialQuery(backfillFrom, localNow, session.config.pageSize, since);
}

/** The checkpoint keeps Okta's opaque next link without its host, so a moved org URL (or simulator port) still resumes. */
export function checkpointOf(next: string): string {
  const url = new URL(next);
  return `${CHECKPOINT_PREFIX}${url.pathname}${url.search}`;
}

export function resumeFrom(checkpoint: string): string {
  const path = checkpoint.startsWith(CHECKPOINT_PREFIX) ? checkpoint.slice(CHECKPOINT_PREFIX.length) : '';
  if (!path.startsWith('/api/v1/logs?')) throw new ProviderError(`Okta System Log: the stored checkpoint is not a System Log link (${checkpoint.slice(0, 80)}). Run a full sync (--full) to start over.`);
  return path;
}

/**
 * The System Log as a polling query (no `until`): Okta returns events in the order it persisted them and
 * always a `next` link, even on an empty page. The checkpoint is that link, committed with its page. A page
 * shorter than the limit means caught up; the next sync asks the stored link again. Events Okta persists
 * late (after later-published ones) come after the cursor in this order, so no re-read window is needed:
 * the polling cursor is the lateness cover Okta documents for collectors.
 */
export const activitiesStream: IncrementalStream<OktaSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    let path = options.checkpoint ? resumeFrom(options.checkpoint) : await firstQuery(session, runtime, options.backfillFrom);
    for (;;) {
      const page = await client.page('okta.logs.poll', path, {}, runtime.signal);
      if (!page.next) throw new ProviderError('Okta System Log: a polling query came back without a next link, which Okta always sends; nothing after the last checkpoint was stored. Check that orgUrl is the Okta org itself, not a proxy that strips Link headers.');
      const checkpoint = checkpointOf(page.next);
      if (page.items.length > 0 || !options.checkpoint) yield { records: page.items, checkpoint };
      if (page.items.length < config.pageSize) return;
      path = checkpoint.slice(CHECKPOINT_PREFIX.length);
    }
  },
};
