import { backfillStart } from '../../sdk/backfill-start.js';
import type { ConnectorRuntime, IncrementalReadOptions } from '../../sdk/define-connector.js';
import type { SalesforceSession } from '../session.js';

/**
 * Where a time-ordered SOQL read stands: every row whose time field is before second `s` (epoch ms, whole
 * seconds: SOQL datetime literals have no fraction) was delivered, and so were the rows of second `s`
 * listed in `ids`. The next query asks for `>= s` and skips those ids, so rows sharing a second are never
 * lost at a page boundary nor delivered twice.
 */
export interface SoqlCursor {
  s: number;
  ids: string[];
}

export function parseCursor(text: string | null, backfillFrom: number): SoqlCursor {
  const fresh = { s: Math.floor(backfillFrom / 1000) * 1000, ids: [] };
  if (!text) return fresh;
  try {
    const value = JSON.parse(text) as Partial<SoqlCursor>;
    if (typeof value.s !== 'number' || !Number.isFinite(value.s) || !Array.isArray(value.ids)) return fresh;
    return { s: value.s, ids: value.ids.filter((id): id is string => typeof id === 'string') };
  } catch {
    return fresh;
  }
}

/** Moves the cursor past rows (in the query's order) with their ids and times. */
export function advance(cursor: SoqlCursor, rows: readonly { id: string; time: number }[]): SoqlCursor {
  let { s, ids } = cursor;
  for (const row of rows) {
    const second = Math.floor(row.time / 1000) * 1000;
    if (second > s) {
      s = second;
      ids = [row.id];
    } else if (second === s && !ids.includes(row.id)) ids = [...ids, row.id];
  }
  return { s, ids };
}

/**
 * Where a first sync starts: the default "last 7 days" counted on Salesforce's clock (its Date header), an
 * explicit backfill as given. A resumed read needs no request for it.
 */
export async function firstSyncStart(session: SalesforceSession, runtime: ConnectorRuntime, options: IncrementalReadOptions): Promise<number> {
  if (options.checkpoint) return options.backfillFrom;
  const { serverNow } = await session.client.limits(runtime.signal);
  return backfillStart(options.backfillFrom, runtime.clock.now(), serverNow);
}
