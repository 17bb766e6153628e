import type { AnyConnector, NormalizeContext } from '../connectors/sdk/define-connector.js';
import { normalizeRecord } from '../connectors/sdk/normalize-total.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The records of an API response page saved whole (`curl … > page.json`: Google's `{items}`, Slack's and Box's
 * `{entries}`, Dropbox's `{events}`, Salesforce's `{records}`, Zoom's `{activity_logs}`, Atlassian's `{data}`,
 * ServiceNow's `{result}` …), or null when `record` is not one. The connector's own normaliser decides: a
 * record it cannot read (an `other` activity) whose one list of objects holds records it can read is a page.
 * A record the connector reads (a Google item with its `events[]`, a page of one a normaliser accepts) is
 * never split.
 */
export function pageRecords(connector: AnyConnector, record: unknown, context: NormalizeContext): unknown[] | null {
  if (!isRecord(record)) return null;
  const lists = Object.values(record).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every(isRecord));
  if (lists.length !== 1) return null;
  if (normalizeRecord(connector, record, context).action !== 'other') return null;
  const [list] = lists as [unknown[]];
  return list.some((r) => normalizeRecord(connector, r, context).action !== 'other') ? list : null;
}
