import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeDialects } from './helpers/dialects.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { loadFixtures } from '../src/connectors/sdk/conformance/load-fixtures.js';
import { normalizeRecord } from '../src/connectors/sdk/normalize-total.js';
import { manualClock } from '../src/core/clock.js';
import { ingestEnrichment } from '../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { Enricher, IntelIndex } from '../src/detection/enrichment/enricher.js';
import { queryActivities } from '../src/store/repos/activities.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { commitActivityPage } from '../src/sync/stream-runner.js';
import { useTempStore } from './helpers/temp-store.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const connector = microsoft365 as AnyConnector;

describeDialects('enrichment stored with the activity at ingest', (dialect) => {
  const temp = useTempStore(dialect);

  it('writes looked-up country, city, ASN, network and IP flags on the row; the provider\'s geo wins where it gave one', async () => {
    const store = temp.store;
    const records = loadFixtures(join(root, 'src', 'connectors', 'microsoft365', 'simulator', 'fixtures'));
    const instance = await createInstance(store.db, store.secrets, { name: 'm', provider: connector.id, config: {}, now: Date.now() });
    const clock = manualClock(Date.UTC(2026, 5, 1));
    const { enricher } = openEnricher({});
    const target = { db: store.db, writeActivities: store.writeActivities, connector, instanceId: instance.id, stream: 'activities', clock, lookupAccount: () => undefined, enrich: ingestEnrichment(enricher) };
    await commitActivityPage(target, records, 'cp-1');

    const context = { connectorInstanceId: instance.id, ingestedAt: clock.now(), lookupAccount: () => undefined };
    const plain = new Map(records.map((r) => normalizeRecord(connector, r, context)).map((a) => [a.sourceId, a]));
    const stored = await queryActivities(store.db, { instanceId: instance.id, limit: 10_000 });
    expect(stored.length).toBe(plain.size);

    const lookedUp = stored.filter((a) => a.geo.source === 'lookup');
    expect(lookedUp.length, 'records with an address but no provider geo get the lookup').toBeGreaterThan(0);
    for (const a of lookedUp) {
      const before = plain.get(a.sourceId);
      expect(before?.geo.country).toBeNull();
      expect(a.geo.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(stored.filter((a) => a.asn !== null && plain.get(a.sourceId)?.asn === null).length, 'ASN and network name from the ASN database').toBeGreaterThan(0);
    expect(stored.filter((a) => a.asn !== null && a.asOrg).length).toBeGreaterThan(0);

    const providerGeo = stored.filter((a) => plain.get(a.sourceId)?.geo.source === 'provider');
    expect(providerGeo.length, 'Graph sign-ins carry the provider\'s location').toBeGreaterThan(0);
    for (const a of providerGeo) {
      const before = plain.get(a.sourceId);
      expect({ country: a.geo.country, city: a.geo.city, source: a.geo.source }).toEqual({ country: before?.geo.country, city: before?.geo.city, source: 'provider' });
    }
    // Exactly what detection's enrichment would have produced, so detection finds nothing left to look up.
    for (const a of stored) {
      const expected = enricher.enrich(plain.get(a.sourceId) as never).activity;
      expect({ geo: a.geo, asn: a.asn, asOrg: a.asOrg, ipFlags: a.ipFlags }, a.sourceId).toEqual({ geo: expected.geo, asn: expected.asn, asOrg: expected.asOrg, ipFlags: expected.ipFlags });
      // And detection reads the stored row as it would have read the provider's record.
      expect(enricher.enrich(a).intel, a.sourceId).toEqual(enricher.enrich(plain.get(a.sourceId) as never).intel);
    }
  });

  it('stores the page as the provider sent it when a lookup fails (an unreadable database never costs a page)', async () => {
    const store = temp.store;
    const records = loadFixtures(join(root, 'src', 'connectors', 'microsoft365', 'simulator', 'fixtures'));
    const instance = await createInstance(store.db, store.secrets, { name: 'm', provider: connector.id, config: {}, now: Date.now() });
    const broken = new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
    broken.prepare = async () => {
      throw new Error('unreadable city database');
    };
    const target = { db: store.db, writeActivities: store.writeActivities, connector, instanceId: instance.id, stream: 'activities', clock: manualClock(Date.UTC(2026, 5, 1)), lookupAccount: () => undefined, enrich: ingestEnrichment(broken) };
    const { fresh } = await commitActivityPage(target, records, 'cp-1');
    const stored = await queryActivities(store.db, { instanceId: instance.id, limit: 10_000 });
    expect(fresh.length).toBeGreaterThan(0);
    expect(stored.length).toBe(fresh.length);
    expect(stored.filter((a) => a.geo.source === 'lookup')).toEqual([]);
  });
});
