import pino from 'pino';
import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { commitPage } from '../../test/helpers/detection-workload.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { manualClock } from '../core/clock.js';
import { upsertAccounts } from '../store/repos/accounts.js';
import { listAlerts } from '../store/repos/alerts.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { actorRefKey, lookupActorFacts } from '../store/repos/directory-facts.js';
import { upsertSettings } from '../store/repos/settings.js';
import { buildActivity } from './activity-builder.js';
import { createDetectionConsumer } from './consumer.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { at, dailySignIns, PLACES } from './rules/example-helpers.js';

const M365_DOMAINS = { value: [{ id: 'contoso.com', isVerified: true }, { id: 'Contoso.co.uk', isVerified: true }, { id: 'contoso-pending.com', isVerified: false }] };

/**
 * Box and Dropbox publish no list of the organisation's domains. A person's verified domains then come from
 * the identity provider their account is linked to (Microsoft 365's Graph `/domains` here).
 */
describeDialects("the organisation's verified domains of an app without a domain list", (dialect) => {
  const temp = useTempStore(dialect);

  const setUp = async () => {
    const db = temp.store.db;
    const m365 = await createInstance(db, temp.store.secrets, { name: 'm365', provider: 'microsoft365', config: {}, now: 1 });
    const box = await createInstance(db, temp.store.secrets, { name: 'box', provider: 'box', config: {}, now: 1 });
    await upsertAccounts(db, [{ providerId: 'entra-ivy', email: 'ivy@contoso.com', name: 'Ivy', status: 'active', isAdmin: false, identityAnchor: true }], { instanceId: m365.id, now: 1, identityProvider: true });
    await upsertSettings(db, m365.id, [{ key: 'domains', value: M365_DOMAINS }], 1);
    await upsertAccounts(
      db,
      [
        { providerId: 'box-ivy', email: 'ivy@contoso.com', name: 'Ivy', status: 'active', isAdmin: false },
        { providerId: 'box-zed', email: 'zed@freelance.example', name: 'Zed', status: 'active', isAdmin: false },
      ],
      { instanceId: box.id, now: 1 },
    );
    return { db, m365, box };
  };

  it("a Box account linked to a Microsoft 365 identity has the tenant's verified domains; one linked to nobody has none", async () => {
    const { db, box } = await setUp();
    const ivy = { instanceId: box.id, userId: 'box-ivy', email: 'ivy@contoso.com' };
    const zed = { instanceId: box.id, userId: 'box-zed', email: 'zed@freelance.example' };
    const facts = await lookupActorFacts(db, [ivy, zed]);
    expect(facts.get(actorRefKey(ivy))?.organisationDomains).toEqual(['contoso.com', 'contoso.co.uk']);
    expect(facts.get(actorRefKey(zed))?.organisationDomains).toEqual([]);
  });

  it('25 Box shares with the sister company raise nothing; 25 with outside addresses raise the burst', async () => {
    const { db, box } = await setUp();
    const enricher = new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
    const consumer = createDetectionConsumer({ db, clock: manualClock(at(12)), logger: pino({ level: 'silent' }), enricher });
    const inBox = { connectorInstanceId: box.id, provider: 'box', app: 'Box' };
    const history = dailySignIns('ivy@contoso.com', 10, PLACES.london).map((a) => buildActivity({ ...a, ...inBox, actor: { email: 'ivy@contoso.com', userId: 'box-ivy' } }));
    const shares = (domain: string, day: number) =>
      Array.from({ length: 25 }, (_, i) =>
        buildActivity({ ...inBox, id: `${domain}-${i}`, action: 'file.shared', actor: { email: 'ivy@contoso.com', userId: 'box-ivy' }, targets: [{ type: 'user', id: `c${i}`, name: 'Someone', email: `person${i}@${domain}` }], time: at(day, 15) + i * 40_000 }),
      );
    const bursts = async () => (await listAlerts(db, { policyId: 'detection.mass-external-sharing' })).map((a) => [a.subject.key, a.evidenceCount]);

    await commitPage(db, temp.store.writeActivities, [...history, ...shares('contoso.co.uk', 10)]);
    expect((await consumer.run()).ok).toBe(true);
    expect(await bursts()).toEqual([]);

    await commitPage(db, temp.store.writeActivities, shares('gmail.com', 11));
    expect((await consumer.run()).ok).toBe(true);
    expect(await bursts()).toEqual([['ivy@contoso.com', 25]]);
  });
});
