import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { openStore, type Store } from './db.js';
import { createInstance } from './repos/connector-instances.js';
import { upsertAccounts } from './repos/accounts.js';
import { finishInventorySnapshot, listGroups, listOAuthApps, listPrivileges, upsertGroups, upsertOAuthApps, upsertPrivileges } from './repos/inventory.js';

describeDialects('inventory repos', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let instanceId: string;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    instanceId = (await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: {}, now: 1 })).id;
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('keeps groups with their current members and marks groups that vanished as deleted', async () => {
    await upsertGroups(store.db, instanceId, [{ providerId: 'g1', name: 'Finance', kind: 'security', members: ['u1', 'u2', 'u2'] }, { providerId: 'g2', name: 'Old', kind: 'distribution', members: ['u1'] }], 10);
    await upsertGroups(store.db, instanceId, [{ providerId: 'g1', name: 'Finance', kind: 'security', members: ['u3'] }], 20);
    await finishInventorySnapshot(store.db, instanceId, 'groups', 20);
    const groups = await listGroups(store.db, instanceId);
    expect(groups).toEqual([
      expect.objectContaining({ providerId: 'g1', members: 1, deleted: false }),
      expect.objectContaining({ providerId: 'g2', members: 0, deleted: true }),
    ]);
  });

  it('lists privileges with the holder e-mail and drops roles no longer held', async () => {
    await upsertAccounts(store.db, [{ providerId: 'u1', email: 'ann@contoso.com', name: 'Ann', status: 'active', isAdmin: true }], { instanceId, now: 10 });
    await upsertPrivileges(store.db, instanceId, [{ accountProviderId: 'u1', role: 'Global Administrator', roleId: '62e90394', scope: '/' }, { accountProviderId: 'u1', role: 'Exchange Administrator', roleId: '29232cdf' }], 10);
    await upsertPrivileges(store.db, instanceId, [{ accountProviderId: 'u1', role: 'Global Administrator', roleId: '62e90394', scope: '/' }], 20);
    await finishInventorySnapshot(store.db, instanceId, 'privileges', 20);
    expect(await listPrivileges(store.db, instanceId)).toEqual([expect.objectContaining({ accountEmail: 'ann@contoso.com', role: 'Global Administrator', scope: '/' })]);
  });

  it('keeps OAuth apps with their grants', async () => {
    const grant = { id: 'gr1', kind: 'delegated' as const, scopes: ['Mail.Read', 'offline_access'], principalProviderId: 'u1', resource: 'Microsoft Graph' };
    await upsertOAuthApps(store.db, instanceId, [{ providerId: 'sp1', appId: 'app1', name: 'Mail Helper', publisher: 'Unknown', verifiedPublisher: false, thirdParty: true, enabled: true, grants: [grant] }], 10);
    const apps = await listOAuthApps(store.db, { instanceId });
    expect(apps).toEqual([expect.objectContaining({ name: 'Mail Helper', thirdParty: true, verifiedPublisher: false, grants: [grant] })]);
    await finishInventorySnapshot(store.db, instanceId, 'oauthApps', 20);
    expect(await listOAuthApps(store.db, { instanceId })).toEqual([]);
    expect(await listOAuthApps(store.db, { instanceId, includeDeleted: true })).toHaveLength(1);
  });
});
