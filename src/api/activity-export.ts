import type { Db } from '../store/db.js';
import { activityRowJson } from '../store/repos/activity-json.js';
import { searchActivityRows, type ActivityKey, type ActivityRow, type ActivityRowPage, type ActivitySearch } from '../store/repos/activity-search.js';
import type { ActivitiesTable } from '../store/schema.js';

export type ExportFormat = 'jsonl' | 'csv';

/**
 * Rows per export page: small enough that a page's rows die young (a bigger page is promoted to the old
 * generation mid-build and raises the process's peak RSS), large enough that the query cost is amortised.
 */
export const EXPORT_PAGE = 200;
const EXPORT_CHUNK_CHARS = 16 * 1024;

/** The CSV export's columns, read from the stored row. */
export const CSV_COLUMNS = [
  ['id', (r) => r.id],
  ['time', (r) => new Date(Number(r.time)).toISOString()],
  ['provider', (r) => r.provider],
  ['app', (r) => r.app],
  ['connectorInstanceId', (r) => r.connector_instance_id],
  ['action', (r) => r.action],
  ['eventType', (r) => r.event_type],
  ['outcome', (r) => r.outcome],
  ['actorEmail', (r) => r.actor_email],
  ['actorName', (r) => r.actor_name],
  ['actorUserId', (r) => r.actor_user_id],
  ['srcIp', (r) => r.src_ip],
  ['country', (r) => r.geo_country],
  ['city', (r) => r.geo_city],
  ['asn', (r) => r.asn],
  ['userAgent', (r) => r.user_agent],
  ['message', (r) => r.message],
] as const satisfies readonly (readonly [string, (r: CsvRow) => unknown])[];
/** The stored columns CSV_COLUMNS read: a CSV export selects only these (never the raw record). */
const CSV_STORED_COLUMNS = [
  'id', 'time', 'provider', 'app', 'connector_instance_id', 'action', 'event_type', 'outcome', 'actor_email', 'actor_name', 'actor_user_id', 'src_ip', 'geo_country', 'geo_city', 'asn', 'user_agent', 'message',
] as const satisfies readonly (keyof ActivitiesTable)[];
type CsvRow = ActivityRow<(typeof CSV_STORED_COLUMNS)[number]>;

/** One CSV field: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
const csvLine = (r: CsvRow): string => `${CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(',')}\r\n`;
const jsonLine = (r: ActivitiesTable): string => `${activityRowJson(r)}\n`;

export interface ExportOptions {
  format: ExportFormat;
  /** The in-memory test of the source address (CIDR ranges) that SQL cannot do. */
  ipMatches?: ((srcIp: string | null) => boolean) | undefined;
  /** @default EXPORT_PAGE */
  pageSize?: number;
}

/**
 * Every activity matching `search`, newest first, as JSON lines (one Activity per line, as
 * `JSON.stringify(activity)` writes it) or CSV with a header row, in chunks of about 16 KB. Pages are read
 * with the keyset cursor, one page per pull: the consumer's pace (the socket's backpressure through
 * Readable.from) decides when the next is read. Each line is written straight from the stored row (one
 * string per row; CSV selects only its columns), so a page allocates little and dies young.
 */
export function exportActivities(db: Db, search: ActivitySearch, options: ExportOptions): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? EXPORT_PAGE;
  const { ipMatches } = options;
  async function* pages<C extends keyof ActivitiesTable>(columns: readonly C[] | undefined, line: (row: ActivityRow<C>) => string): AsyncGenerator<string> {
    let after: ActivityKey | null = null;
    for (;;) {
      const page: ActivityRowPage<C> = await searchActivityRows(db, search, {
        after,
        limit: pageSize,
        ...(columns ? { columns } : {}),
        ...(ipMatches ? { matches: (row: ActivityRow<C>) => ipMatches((row as Partial<ActivitiesTable>).src_ip ?? null) } : {}),
      });
      let chunk = '';
      for (const row of page.rows) {
        chunk += line(row);
        if (chunk.length >= EXPORT_CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
      if (!page.next) return;
      after = page.next;
    }
  }
  async function* lines(): AsyncGenerator<string> {
    if (options.format === 'jsonl') return yield* pages(undefined, jsonLine);
    yield CSV_HEADER;
    yield* pages(CSV_STORED_COLUMNS, csvLine);
  }
  return lines();
}
