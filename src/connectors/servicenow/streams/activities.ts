import { z } from 'zod';
import { DAY } from '../../../core/clock.js';
import { ProviderError } from '../../../core/errors.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { glideTime, type SnRecord } from '../client.js';
import type { ServiceNowSession } from '../session.js';

/** One table the activities stream reads in `timeField` order, and what of it. */
export interface ActivitySource {
  key: string;
  table: string;
  /** The glide date-time the reads are ordered and resumed by. */
  timeField: 'sys_created_on' | 'sys_updated_on';
  /** The encoded-query filter (without the time bound and ORDERBY). */
  filter: string;
  fields?: readonly string[];
}

/**
 * The tables of digest §2, in the order one sync reads them: log-ons (`sysevent`), role grants
 * (`sys_user_has_role`, dot-walked to name user and role), audited changes of users (`sys_audit`:
 * deactivation, lock-out), users' transactions (`syslog_transaction`, browser/client ones only: list and record
 * views, exports) and system-property changes (`sys_properties` by `sys_updated_on`).
 */
export const ACTIVITY_SOURCES: readonly ActivitySource[] = [
  { key: 'logon', table: 'sysevent', timeField: 'sys_created_on', filter: 'nameINlogin,login.failed', fields: ['sys_id', 'name', 'parm1', 'parm2', 'instance', 'state', 'queue', 'table', 'sys_created_on', 'sys_created_by'] },
  { key: 'grant', table: 'sys_user_has_role', timeField: 'sys_created_on', filter: 'inherited=false', fields: ['sys_id', 'user', 'user.user_name', 'user.email', 'role', 'role.name', 'inherited', 'granted_by', 'state', 'sys_created_on', 'sys_created_by'] },
  { key: 'audit', table: 'sys_audit', timeField: 'sys_created_on', filter: 'tablename=sys_user^fieldnameINactive,locked_out', fields: ['sys_id', 'tablename', 'documentkey', 'fieldname', 'oldvalue', 'newvalue', 'user', 'reason', 'record_checkpoint', 'sys_created_on'] },
  { key: 'transaction', table: 'syslog_transaction', timeField: 'sys_created_on', filter: 'client_transaction=true', fields: ['sys_id', 'url', 'type', 'response_time', 'client_transaction', 'remote_ip', 'session', 'sys_created_on', 'sys_created_by'] },
  { key: 'property', table: 'sys_properties', timeField: 'sys_updated_on', filter: 'nameSTARTSWITHglide.', fields: ['sys_id', 'name', 'value', 'type', 'sys_updated_on', 'sys_updated_by', 'sys_mod_count'] },
];

/** The last record delivered from one source: its time and sys_id (the secondary order). */
const Position = z.object({ t: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), id: z.string() });
type Position = z.infer<typeof Position>;
const Checkpoint = z.object({ v: z.literal(1), at: z.record(z.string(), Position) });
const PREFIX = 'sn1:';

export function encodeCheckpoint(at: Record<string, Position>): string {
  return PREFIX + JSON.stringify({ v: 1, at });
}

export function decodeCheckpoint(text: string): Record<string, Position> {
  try {
    if (!text.startsWith(PREFIX)) throw new Error('prefix');
    return Checkpoint.parse(JSON.parse(text.slice(PREFIX.length))).at;
  } catch {
    throw new ProviderError(`ServiceNow activities: the stored checkpoint is not one this connector wrote (${text.slice(0, 60)}). Run a full sync (--full) to start over.`);
  }
}

/** ServiceNow purges log-on events with the sysevent table rotation; Parapet never asks further back than this. */
export const MAX_BACKFILL = 90 * DAY;

/** Is `r` at or before the position (time, then sys_id)? Those were delivered by an earlier page. */
function delivered(r: SnRecord, field: string, p: Position): boolean {
  const t = str(r[field]) ?? '';
  const id = str(r.sys_id) ?? '';
  return t < p.t || (t === p.t && id <= p.id);
}

/**
 * Each source read with `{time}>={position}^ORDERBY{time}^ORDERBYsys_id`, paged by `sysparm_offset` (the
 * Table API's Link `rel="next"`) until the last page; records at the position's second that sort at or
 * before its sys_id were delivered already and are skipped. The checkpoint holds every source's position,
 * committed with each page, so a resumed read re-asks only from the last record it stored. ServiceNow has
 * no late events in this sense (rows appear at their `sys_created_on`); a row a node commits with a time
 * earlier than a position already passed would be missed, which no overlap window is kept for.
 */
export const activitiesStream: IncrementalStream<ServiceNowSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    const positions: Record<string, Position> = options.checkpoint ? decodeCheckpoint(options.checkpoint) : {};
    let start: string | null = null;
    /**
     * Where a source without a position starts: the default 7 days count back from the instance's clock (its
     * `Date` header), and so does the furthest back it keeps (the instance decides what it still holds).
     */
    const startOf = async (): Promise<string> => {
      if (start === null) {
        const local = runtime.clock.now();
        const instanceNow = (await client.serverNow(runtime.signal)) ?? local;
        start = glideTime(Math.max(backfillStart(options.backfillFrom, local, instanceNow), instanceNow - MAX_BACKFILL));
      }
      return start;
    };
    let yielded = false;
    for (const source of ACTIVITY_SOURCES) {
      const from = positions[source.key] ?? { t: await startOf(), id: '' };
      const query = `${source.filter}^${source.timeField}>=${from.t}^ORDERBY${source.timeField}^ORDERBYsys_id`;
      let offset = 0;
      for (;;) {
        const page = await client.page(`servicenow.activities.${source.key}`, source.table, { query, ...(source.fields ? { fields: source.fields } : {}), limit: config.pageSize, offset }, runtime.signal);
        const fresh = page.items.filter((r) => !delivered(r, source.timeField, from));
        const last = fresh.at(-1);
        if (last) {
          positions[source.key] = { t: str(last[source.timeField]) ?? from.t, id: str(last.sys_id) ?? '' };
          yield { records: fresh, checkpoint: encodeCheckpoint(positions) };
          yielded = true;
        }
        // The Link header decides, not the page length: an instance may cap pages below sysparm_limit.
        if (!page.next || page.items.length === 0) break;
        offset += page.items.length;
      }
    }
    if (!yielded && !options.checkpoint) yield { records: [], checkpoint: encodeCheckpoint(positions) };
  },
};
