import type { IncrementalStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { soqlDateTime } from '../client.js';
import { parseSalesforceTime } from '../normalize.js';
import type { SalesforceSession } from '../session.js';
import { advance, firstSyncStart, parseCursor } from './soql-cursor.js';

/**
 * An incremental stream over one object, ordered by a datetime field: `SELECT … WHERE {field} >= {cursor}
 * ORDER BY {field}, Id`, paged with `nextRecordsUrl`; the checkpoint after each page is the cursor past it.
 */
export function timeOrderedStream(object: string, timeField: string, fields: readonly string[]): IncrementalStream<SalesforceSession> {
  return {
    kind: 'incremental',
    entity: 'activities',
    async *read(session, runtime, options) {
      let cursor = parseCursor(options.checkpoint, await firstSyncStart(session, runtime, options));
      const soql = `SELECT ${fields.join(', ')} FROM ${object} WHERE ${timeField} >= ${soqlDateTime(cursor.s)} ORDER BY ${timeField} ASC, Id ASC`;
      const seen = new Set(cursor.ids);
      for await (const page of session.client.queryAll(soql, runtime.signal)) {
        const fresh = page.filter((r) => !seen.has(str(r.Id) ?? ''));
        const before = JSON.stringify(cursor);
        cursor = advance(cursor, fresh.map((r) => ({ id: str(r.Id) ?? '', time: parseSalesforceTime(r[timeField]) ?? cursor.s })));
        if (fresh.length > 0 || JSON.stringify(cursor) !== before) yield { records: fresh, checkpoint: JSON.stringify(cursor) };
      }
    },
  };
}

/** LoginHistory: every sign-in attempt to the org, with the LoginGeo the attempt came from. */
export const loginHistoryStream = timeOrderedStream('LoginHistory', 'LoginTime', [
  'Id', 'UserId', 'LoginTime', 'LoginType', 'Status', 'SourceIp', 'LoginUrl', 'Application', 'Browser', 'Platform', 'ApiType', 'ApiVersion', 'ClientVersion',
  'AuthenticationServiceId', 'CountryIso', 'CipherSuite', 'TlsProtocol', 'LoginGeoId', 'LoginGeo.CountryIso', 'LoginGeo.City', 'LoginGeo.Subdivision', 'LoginGeo.Latitude', 'LoginGeo.Longitude',
]);

/** SetupAuditTrail: admins' changes in Setup (kept at least 180 days). */
export const setupAuditTrailStream = timeOrderedStream('SetupAuditTrail', 'CreatedDate', [
  'Id', 'Action', 'Section', 'Display', 'CreatedDate', 'CreatedById', 'CreatedBy.Username', 'CreatedBy.Name', 'DelegateUser', 'CreatedByContext', 'CreatedByIssuer', 'ResponsibleNamespacePrefix',
]);
