import { ProviderError } from '../../../core/errors.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { soqlDateTime, soqlString } from '../client.js';
import { parseSalesforceTime } from '../normalize.js';
import type { SalesforceSession } from '../session.js';
import { advance, firstSyncStart, parseCursor, type SoqlCursor } from './soql-cursor.js';

/** The event-log cursor: files created before `s` (and those in `ids`) are read; `file` is the one half read. */
interface EventLogCheckpoint extends SoqlCursor {
  file?: { id: string; row: number };
}

function parseCheckpoint(text: string | null, backfillFrom: number): EventLogCheckpoint {
  const cursor = parseCursor(text, backfillFrom);
  try {
    const file = (JSON.parse(text ?? 'null') as { file?: { id?: unknown; row?: unknown } } | null)?.file;
    if (file && typeof file.id === 'string' && typeof file.row === 'number' && file.row >= 0) return { ...cursor, file: { id: file.id, row: file.row } };
  } catch {
    // a fresh cursor
  }
  return cursor;
}

/**
 * Event Monitoring's Event Log Files. A file appears some hours after the day (or hour) it covers, so the
 * cursor follows the files' `CreatedDate`, not the events' time: late files are read when they appear.
 * Each file's CSV is streamed row by row and stored in pages of `eventLogPageRows`; the checkpoint names
 * the file and the rows already stored, so a resumed read skips them. An org without Event Monitoring
 * (INVALID_TYPE) yields nothing: `test` says so.
 */
export const eventLogsStream: IncrementalStream<SalesforceSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    if (config.eventLogTypes.length === 0) return;
    let checkpoint = parseCheckpoint(options.checkpoint, await firstSyncStart(session, runtime, options));
    const types = config.eventLogTypes.map(soqlString).join(', ');
    const soql = `SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength, CreatedDate FROM EventLogFile WHERE Interval = ${soqlString(config.eventLogInterval)} AND EventType IN (${types}) AND CreatedDate >= ${soqlDateTime(checkpoint.s)} ORDER BY CreatedDate ASC, Id ASC`;
    let files: Record<string, unknown>[];
    try {
      files = await client.rows(soql, runtime.signal);
    } catch (error) {
      if (error instanceof ProviderError && error.providerCode === 'INVALID_TYPE') {
        runtime.logger.warn('EventLogFile is not available in this org (no Event Monitoring): user activity from Event Log Files is not collected');
        return;
      }
      throw error;
    }
    const seen = new Set(checkpoint.ids);
    for (const file of files) {
      const id = str(file.Id);
      if (!id || seen.has(id)) continue;
      const skip = checkpoint.file?.id === id ? checkpoint.file.row : 0;
      const done = advance(checkpoint, [{ id, time: parseSalesforceTime(file.CreatedDate) ?? checkpoint.s }]);
      let row = 0;
      let page: Record<string, string>[] = [];
      for await (const record of client.eventLogRows(id, runtime.signal)) {
        row++;
        if (row <= skip) continue;
        page.push(record);
        if (page.length >= config.eventLogPageRows) {
          yield { records: page, checkpoint: JSON.stringify({ s: checkpoint.s, ids: checkpoint.ids, file: { id, row } }) };
          page = [];
        }
      }
      checkpoint = { s: done.s, ids: done.ids };
      yield { records: page, checkpoint: JSON.stringify(checkpoint) };
    }
  },
};
