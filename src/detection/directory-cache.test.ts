import pino from 'pino';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { commitPage } from '../../test/helpers/detection-workload.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { HOUR, manualClock } from '../core/clock.js';
import { upsertAccounts } from '../store/repos/accounts.js';
import { listAlerts } from '../store/repos/alerts.js';
import { createInstance, deleteInstance } from '../store/repos/connector-instances.js';
import { actorRefKey, inventoryVersion } from '../store/repos/directory-facts.js';
import { upsertGroups } from '../store/repos/inventory.js';
import { upsertSettings } from '../store/repos/settings.js';
import { buildActivity } from './activity-builder.js';
import { createDetectionConsumer } from './consumer.js';
import { sqlDetectionStore } from './detection-store.js';
import { DirectoryCache } from './directory-cache.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';

const NOW = Date.UTC(2026, 5, 1, 9);
const ann = (status: 'active' | 'suspended' | 'deleted') => ({ providerId: 'u1', email: 'ann@example.com', name: 'Ann', status, isAdmin: false });

describeDialects('directory facts kept between detection batches', (dialect) => {
  const temp = useTempStore(dialect);

  it('every write to the inventory the lookups read moves its version: each table, insert, update and delete, and cascades', async () => {
    const db = temp.store.db;
    const versions = [await inventoryVersion(db)];
    const moved = async (what: string) => {
      const version = await inventoryVersion(db);
      expect(version, what).toBeGreaterThan(versions.at(-1) as number);
      versions.push(version);
    };
    const okta = await createInstance(db, temp.store.secrets, { name: 'okta', provider: 'okta', config: {}, now: 1 });
    await upsertAccounts(db, [ann('active')], { instanceId: okta.id, now: 1, identityProvider: true });
    await moved('accounts, identities and identity e-mails inserted');
    await upsertGroups(db, okta.id, [{ providerId: 'g1', name: 'Finance', kind: 'security', members: ['u1'] }], 1);
    await moved('groups and members inserted');
    await upsertSettings(db, okta.id, [{ key: 'domains', value: { value: [{ id: 'example.com', isVerified: true }] } }], 1);
    await moved('a settings snapshot inserted');
    for (const [table, column] of [['accounts', 'status'], ['identities', 'display_name'], ['identity_emails', 'identity_id'], ['groups', 'name'], ['group_members', 'member_provider_id'], ['settings_snapshots', 'value']] as const) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)}`.execute(db);
      await moved(`${table} updated`);
    }
    await sql`delete from group_members`.execute(db);
    await moved('group members deleted');
    await sql`delete from identity_emails`.execute(db);
    await moved('identity e-mails deleted');
    await deleteInstance(db, okta.id);
    await moved("the connection deleted (its accounts, groups and settings go by cascade)");
  });

  it('facts are kept while the inventory stands still, and read again when an account, a group, a setting or a new person changes it', async () => {
    const db = temp.store.db;
    const okta = await createInstance(db, temp.store.secrets, { name: 'okta', provider: 'okta', config: {}, now: 1 });
    await upsertAccounts(db, [ann('active')], { instanceId: okta.id, now: 1, identityProvider: true });
    const directory = new DirectoryCache();
    const store = sqlDetectionStore(db, null, directory);
    const annRef = { instanceId: okta.id, userId: 'u1', email: 'Ann@example.com' };
    const bobRef = { instanceId: okta.id, userId: 'u2', email: 'bob@example.com' };
    const lookup = async () => {
      const facts = await store.transaction((tx) => tx.actorFacts([annRef, bobRef]));
      return { ann: facts.get(actorRefKey(annRef)), bob: facts.get(actorRefKey(bobRef)) };
    };

    const first = await lookup();
    expect([first.ann?.accountStatus, first.ann?.groups, first.ann?.organisationDomains]).toEqual(['active', [], []]);
    expect(first.bob?.accountStatus).toBeNull();
    // Nothing changed: the same objects, not a new read.
    const again = await lookup();
    expect(again.ann).toBe(first.ann);
    expect(again.bob).toBe(first.bob);
    expect(directory.size).toBe(2);
    // Shared from batch to batch: frozen, so no policy can change what the next batch reads.
    expect([Object.isFrozen(first.ann), Object.isFrozen(first.ann?.groups), Object.isFrozen(first.ann?.mailContacts)]).toEqual([true, true, true]);

    await upsertAccounts(db, [ann('suspended')], { instanceId: okta.id, now: 2, identityProvider: true });
    expect((await lookup()).ann?.accountStatus).toBe('suspended');
    await upsertGroups(db, okta.id, [{ providerId: 'g1', name: 'Finance', kind: 'security', members: ['u1'] }], 2);
    expect((await lookup()).ann?.groups).toEqual(['Finance']);
    await upsertSettings(db, okta.id, [{ key: 'domains', value: { value: [{ id: 'example.com', isVerified: true }] } }], 2);
    expect((await lookup()).ann?.organisationDomains).toEqual(['example.com']);
    // A person the inventory did not know, then does.
    await upsertAccounts(db, [ann('suspended'), { providerId: 'u2', email: 'bob@example.com', name: 'Bob', status: 'deleted', isAdmin: false }], { instanceId: okta.id, now: 3, identityProvider: true });
    expect((await lookup()).bob?.accountStatus).toBe('deleted');
  });

  it('a person suspended between two batches raises a terminated-user alert on the next one, exactly once', async () => {
    const db = temp.store.db;
    const okta = await createInstance(db, temp.store.secrets, { name: 'okta', provider: 'okta', config: {}, now: 1 });
    await upsertAccounts(db, [ann('active')], { instanceId: okta.id, now: NOW - 30 * 24 * HOUR, identityProvider: true });
    const enricher = new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
    const clock = manualClock(NOW);
    const consumer = createDetectionConsumer({ db, clock, logger: pino({ level: 'silent' }), enricher });
    const signIn = (n: number) =>
      buildActivity({ id: `signin-${n}`, connectorInstanceId: okta.id, action: 'user.login', actor: { email: 'ann@example.com', userId: 'u1' }, srcIp: '81.2.69.10', time: NOW - 3 * HOUR + n * HOUR });
    const terminated = async () => (await listAlerts(db, { policyId: 'detection.terminated-user' })).map((a) => [a.subject.key, a.status]);

    await commitPage(db, temp.store.writeActivities, [signIn(0)]);
    expect((await consumer.run()).ok).toBe(true);
    expect(await terminated()).toEqual([]);

    await upsertAccounts(db, [ann('suspended')], { instanceId: okta.id, now: NOW - HOUR, identityProvider: true });
    await commitPage(db, temp.store.writeActivities, [signIn(1)]);
    expect((await consumer.run()).ok).toBe(true);
    expect(await terminated()).toEqual([['ann@example.com', 'open']]);
    await commitPage(db, temp.store.writeActivities, [signIn(2)]);
    expect((await consumer.run()).ok).toBe(true);
    expect(await terminated()).toEqual([['ann@example.com', 'open']]);
  });
});
