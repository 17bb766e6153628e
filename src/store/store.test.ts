import { randomBytes } from 'node:crypto';
import { existsSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Activity } from '../core/activity.js';
import { ConfigError } from '../core/errors.js';
import { storedLogin } from '../../test/helpers/stored-login.js';
import { openStore, type Store } from './db.js';
import { createInstance, findInstance, readInstanceConfig } from './repos/connector-instances.js';
import { countActivities, insertActivities, queryActivities } from './repos/activities.js';
import { listAccounts, markAccountsNotSeenDeleted, upsertAccounts } from './repos/accounts.js';

const activity = (instanceId: string, sourceId: string, time: number, email: string): Activity => storedLogin(instanceId, sourceId, time, { actor: { email } });

describeDialects('store', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  const open = (options: { secretKey?: string } = {}) => openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl, ...options });
  beforeEach(async () => {
    dir = tempDir();
    store = await open();
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('generates the secret key with 0600 permissions and keeps configs encrypted at rest', async () => {
    const mode = statSync(join(dir.path, 'secret.key')).mode & 0o777;
    expect(mode).toBe(0o600);
    const instance = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: { privateKey: 'TOP-SECRET-KEY-MATERIAL' }, now: 1 });
    if (dialect.name === 'sqlite') {
      await store.close();
      const files = ['parapet.db', 'parapet.db-wal'].map((f) => join(dir.path, f)).filter((f) => existsSync(f));
      const fileText = files.map((f) => readFileSync(f).toString('latin1')).join('');
      expect(fileText).toContain('ds');
      expect(fileText).not.toContain('TOP-SECRET-KEY-MATERIAL');
    } else {
      const rows = await store.db.selectFrom('connector_instances').selectAll().execute();
      expect(JSON.stringify(rows)).toContain('ds');
      expect(JSON.stringify(rows)).not.toContain('TOP-SECRET-KEY-MATERIAL');
      await store.close();
    }
    store = await open();
    expect(await readInstanceConfig(store.db, store.secrets, instance.id)).toEqual({ privateKey: 'TOP-SECRET-KEY-MATERIAL' });
  });

  it('refuses a config sealed under another key with a message that names the fix', async () => {
    const instance = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: { a: 1 }, now: 1 });
    await store.close();
    store = await open({ secretKey: randomBytes(32).toString('base64') });
    await expect(readInstanceConfig(store.db, store.secrets, instance.id)).rejects.toThrow(/sealed with key \w+, and the key in use is/);
  });

  it('rejects a malformed PARAPET_SECRET_KEY', async () => {
    await expect(open({ secretKey: 'short' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('stores an activity once however often it is ingested', async () => {
    const instance = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 });
    const page = [activity(instance.id, 'e1', 1000, 'a@x.test'), activity(instance.id, 'e2', 2000, 'b@x.test')];
    expect(await insertActivities(store.db, page)).toBe(2);
    expect(await insertActivities(store.db, page.map((a) => ({ ...a, id: `${a.id}-again` })))).toBe(0);
    expect(await countActivities(store.db, instance.id)).toBe(2);
    const found = await queryActivities(store.db, { user: 'A@X.test' });
    expect(found.map((a) => a.sourceId)).toEqual(['e1']);
    expect(found[0]).toEqual(page[0]);
  });

  it('links accounts of the same person across instances into one identity, and marks vanished accounts deleted', async () => {
    const m365 = await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: {}, now: 1 });
    const ds = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 });
    await upsertAccounts(store.db, [{ providerId: 'u1', email: 'Ann@Contoso.com', name: 'Ann', status: 'active', isAdmin: false, aliases: ['ann.lee@contoso.com'], identityAnchor: true }], { instanceId: m365.id, now: 10, identityProvider: true });
    await upsertAccounts(store.db, [{ providerId: 'd1', email: 'ann.lee@CONTOSO.com', name: 'Ann Lee', status: 'active', isAdmin: true }, { providerId: 'd2', email: 'bob@contoso.com', name: 'Bob', status: 'active', isAdmin: false }], { instanceId: ds.id, now: 10 });
    const accounts = await listAccounts(store.db);
    const ann = accounts.filter((a) => a.name?.startsWith('Ann'));
    expect(ann).toHaveLength(2);
    expect(ann[0]?.identityId).toBeTruthy();
    expect(ann[0]?.identityId).toBe(ann[1]?.identityId);
    const identity = await store.db.selectFrom('identities').selectAll().where('id', '=', ann[0]?.identityId ?? '').executeTakeFirstOrThrow();
    expect(identity.idp_instance_id).toBe(m365.id);

    await upsertAccounts(store.db, [{ providerId: 'g1', email: 'bob@contoso.com', name: 'Guest Bob', status: 'active', isAdmin: false, details: { emailVerified: false } }], { instanceId: m365.id, now: 10 });
    const guest = (await listAccounts(store.db, { instanceId: m365.id })).find((a) => a.providerId === 'g1');
    const bob = (await listAccounts(store.db, { instanceId: ds.id })).find((a) => a.providerId === 'd2');
    expect(guest?.identityId).toBeNull();
    expect(bob?.identityId).toBeTruthy();

    await upsertAccounts(store.db, [{ providerId: 'd1', email: 'ann.lee@contoso.com', name: 'Ann Lee', status: 'active', isAdmin: true }], { instanceId: ds.id, now: 20 });
    expect(await markAccountsNotSeenDeleted(store.db, ds.id, 20)).toBe(1);
    expect((await listAccounts(store.db, { instanceId: ds.id, status: 'deleted' })).map((a) => a.providerId)).toEqual(['d2']);
  });

  it('finds instances by name, id or unique provider and explains what is connected otherwise', async () => {
    const a = await createInstance(store.db, store.secrets, { name: 'docusign-acme', provider: 'docusign', config: {}, now: 1 });
    expect((await findInstance(store.db, 'docusign')).id).toBe(a.id);
    await createInstance(store.db, store.secrets, { name: 'docusign-beta', provider: 'docusign', config: {}, now: 1 });
    await expect(findInstance(store.db, 'docusign')).rejects.toThrow(/Several docusign connectors/);
    await expect(findInstance(store.db, 'nope')).rejects.toThrow(/Connected: docusign-acme, docusign-beta/);
    await expect(createInstance(store.db, store.secrets, { name: 'docusign-acme', provider: 'docusign', config: {}, now: 1 })).rejects.toThrow(/already exists/);
  });
});
