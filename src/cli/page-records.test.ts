import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../connectors/sdk/conformance/load-fixtures.js';
import { normalizeRecord, offlineContext } from '../connectors/sdk/normalize-total.js';
import { connectors } from '../connectors/registry.js';
import { pageRecords } from './page-records.js';

const here = dirname(fileURLToPath(import.meta.url));
const context = offlineContext('offline', Date.UTC(2026, 11, 1));
const fixtures = (id: string) => loadFixtures(join(here, '..', 'connectors', id, 'simulator', 'fixtures'));
const connector = (id: string) => {
  const found = connectors.find((c) => c.id === id);
  if (!found) throw new Error(`no connector ${id}`);
  return found;
};
const actionOf = (id: string, record: unknown) => normalizeRecord(connector(id), record, context).action;

/** Each provider's activity page as its API returns it (digests §2-§4), holding its first three fixture records. */
const PAGES: Record<string, (records: unknown[]) => Record<string, unknown>> = {
  'google-workspace': (items) => ({ kind: 'admin#reports#activities', etag: '"e"', items, nextPageToken: 'A:1' }),
  slack: (entries) => ({ entries, response_metadata: { next_cursor: 'dXNlcjpVMEc5V0ZYTlo=' } }),
  salesforce: (records) => ({ totalSize: records.length, done: true, records }),
  box: (entries) => ({ chunk_size: entries.length, next_stream_position: '1152922976252290886', entries }),
  dropbox: (events) => ({ events, cursor: 'ZtkX9_EHj3x7PMkVuFIhwKYXEpwpLwyxp9vMKomUhllil9q7eWiAu', has_more: true }),
  zoom: (operation_logs) => ({ from: '2026-11-01', to: '2026-11-30', page_size: 300, next_page_token: 'b43YBRLJFg3V4vsSpxvGdKIGtNbxn9h9If2', operation_logs }),
  atlassian: (data) => ({ data, links: { next: 'cursor' }, meta: { next: 'cursor', page_size: 3 } }),
  servicenow: (result) => ({ result }),
};

describe('parapet normalize: an API page saved whole', () => {
  for (const [id, page] of Object.entries(PAGES)) {
    it(`${id}: the page's records, each as the connector reads it alone`, () => {
      const records = fixtures(id).filter((r) => actionOf(id, r) !== 'other').slice(0, 3);
      expect(records).toHaveLength(3);
      const split = pageRecords(connector(id), page(records), context);
      expect(split).toEqual(records);
      expect(split?.map((r) => actionOf(id, r))).toEqual(records.map((r) => actionOf(id, r)));
    });
  }

  it('never splits a record a connector reads: no fixture of any connector is taken for a page', () => {
    const split = connectors.flatMap((c) => fixtures(c.id).filter((r) => pageRecords(c, r, context) !== null).map((r) => `${c.id}: ${JSON.stringify(r).slice(0, 80)}`));
    expect(split).toEqual([]);
  });

  it('leaves a page of records the connector cannot read, and an object with two lists, whole', () => {
    expect(pageRecords(connector('slack'), { entries: [{ hello: 1 }, { hello: 2 }] }, context)).toBeNull();
    const [a, b] = fixtures('box').filter((r) => actionOf('box', r) !== 'other');
    expect(pageRecords(connector('box'), { entries: [a], other: [b] }, context)).toBeNull();
  });
});
