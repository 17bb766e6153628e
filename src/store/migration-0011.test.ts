import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { upsertAccounts } from './repos/accounts.js';
import { createInstance } from './repos/connector-instances.js';
import { lookupActorFacts } from './repos/directory-facts.js';
import { upsertGroups } from './repos/inventory.js';

describeDialects('migration 0011-group-member-lookup', (dialect) => {
  const temp = useTempStore(dialect);

  it("reads a page of people's groups by instance and member id, not every membership of the instance", async () => {
    const db = temp.store.db;
    // The shape of directory-facts' group lookup.
    const lookup = db
      .selectFrom('group_members')
      .innerJoin('groups', (join) => join.onRef('groups.connector_instance_id', '=', 'group_members.connector_instance_id').onRef('groups.provider_id', '=', 'group_members.group_provider_id'))
      .select(['group_members.member_provider_id as member', 'groups.name as name'])
      .where('group_members.connector_instance_id', '=', 'i1')
      .where('group_members.member_provider_id', 'in', ['u1', 'u2'])
      .compile();
    if (dialect.name === 'sqlite') {
      const { rows } = await db.executeQuery<{ detail: string }>({ ...lookup, sql: `explain query plan ${lookup.sql}` });
      expect(rows.map((r) => r.detail).find((d) => d.includes('group_members'))).toMatch(/USING COVERING INDEX group_members_member \(connector_instance_id=\? AND member_provider_id=\?\)/);
    } else {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'group_members' and indexname = 'group_members_member'`.execute(db);
      expect(rows.map((r) => r.indexdef.replace(/^.* USING btree /, ''))).toEqual(['(connector_instance_id, member_provider_id, group_provider_id)']);
    }
  });

  it('still finds the groups of a person the directory knows', async () => {
    const db = temp.store.db;
    const okta = await createInstance(db, temp.store.secrets, { name: 'okta', provider: 'okta', config: {}, now: 1 });
    await upsertAccounts(db, [{ providerId: 'u1', email: 'ann@example.com', name: 'Ann', status: 'active', isAdmin: false }], { instanceId: okta.id, now: 1 });
    await upsertGroups(db, okta.id, [{ providerId: 'g1', name: 'Finance', kind: 'security', members: ['u1', 'u9'] }, { providerId: 'g2', name: 'Red Team', kind: 'security', members: ['u9'] }], 1);
    const facts = await lookupActorFacts(db, [{ instanceId: okta.id, userId: 'u1', email: 'Ann@example.com' }]);
    expect([...facts.values()].map((f) => [f.accountStatus, f.groups])).toEqual([['active', ['Finance']]]);
  });
});
