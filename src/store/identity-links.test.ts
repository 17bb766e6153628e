import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { AccountRecord } from '../core/account.js';
import { openStore, type Store } from './db.js';
import { upsertAccounts } from './repos/accounts.js';
import { createInstance } from './repos/connector-instances.js';
import { listIdentities } from './repos/identities.js';

const CEO = 'ceo@contoso.example';
const member = (providerId: string, email: string): AccountRecord => ({ providerId, email, name: 'Chief', status: 'active', isAdmin: true, identityAnchor: true, details: { guest: false } });
const guest = (providerId: string, email: string): AccountRecord => ({ providerId, email, name: 'Guest', status: 'active', isAdmin: false, identityAnchor: false, details: { guest: true, emailVerified: true } });

describeDialects('identity links an attacker cannot steer', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let tenantA: string;
  let tenantB: string;
  let docusign: string;
  let docusign2: string;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    tenantA = (await createInstance(store.db, store.secrets, { name: 'contoso', provider: 'microsoft365', config: {}, now: 1 })).id;
    tenantB = (await createInstance(store.db, store.secrets, { name: 'fabrikam', provider: 'microsoft365', config: {}, now: 1 })).id;
    docusign = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
    docusign2 = (await createInstance(store.db, store.secrets, { name: 'ds-eu', provider: 'docusign', config: {}, now: 1 })).id;
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });
  const idp = (instanceId: string, records: AccountRecord[], now = 10) => upsertAccounts(store.db, records, { instanceId, now, identityProvider: true });
  const app = (instanceId: string, records: AccountRecord[], now = 10) => upsertAccounts(store.db, records, { instanceId, now });
  const ceoIdentity = async () => (await listIdentities(store.db, { email: CEO }))[0];

  it('a guest in a second tenant never anchors the CEO, whichever tenant syncs first', async () => {
    await idp(tenantB, [guest('b-guest', CEO)]);
    expect((await ceoIdentity())?.idpInstanceId).toBeNull();
    await idp(tenantA, [member('a-ceo', CEO)]);
    expect(await ceoIdentity()).toMatchObject({ idpInstanceId: tenantA, idpAccountId: 'a-ceo' });
    await idp(tenantB, [guest('b-guest', CEO)], 20);
    expect(await ceoIdentity()).toMatchObject({ idpInstanceId: tenantA, idpAccountId: 'a-ceo' });
  });

  it('a later sync never silently re-anchors to another tenant: the conflict is returned, the anchor kept', async () => {
    await idp(tenantA, [member('a-ceo', CEO)]);
    const conflicts = await idp(tenantB, [member('b-impostor', CEO)], 20);
    expect(conflicts).toEqual([{ identityId: (await ceoIdentity())!.id, email: CEO, anchoredTo: { instanceId: tenantA, accountId: 'a-ceo' }, refused: { instanceId: tenantB, accountId: 'b-impostor' } }]);
    expect(await ceoIdentity()).toMatchObject({ idpInstanceId: tenantA, idpAccountId: 'a-ceo' });
  });

  it('a tenant migration: once the anchoring account is deleted, the other tenant\'s member takes the anchor without a conflict', async () => {
    await idp(tenantA, [member('a-ceo', CEO)]);
    await idp(tenantA, [{ ...member('a-ceo', CEO), status: 'deleted' }], 15);
    expect(await idp(tenantB, [member('b-ceo', CEO)], 20)).toEqual([]);
    expect(await ceoIdentity()).toMatchObject({ idpInstanceId: tenantB, idpAccountId: 'b-ceo' });
  });

  it('an anchor set before the rule (a guest, identity_anchor 0) is replaced by the owning tenant\'s member', async () => {
    await idp(tenantB, [guest('b-guest', CEO)]);
    const identity = (await ceoIdentity())!;
    await store.db.updateTable('identities').set({ idp_instance_id: tenantB, idp_account_id: 'b-guest' }).where('id', '=', identity.id).execute();
    expect(await idp(tenantA, [member('a-ceo', CEO)], 20)).toEqual([]);
    expect(await ceoIdentity()).toMatchObject({ idpInstanceId: tenantA, idpAccountId: 'a-ceo' });
  });

  it('a pending DocuSign invitation for the CEO\'s address links nothing', async () => {
    await idp(tenantA, [member('a-ceo', CEO)]);
    await app(docusign, [{ providerId: 'ds-invite', email: CEO, name: 'Invited', status: 'deleted', isAdmin: false, details: { emailVerified: false } }]);
    const ceo = (await ceoIdentity())!;
    expect(ceo.accounts.map((a) => a.providerId)).toEqual(['a-ceo']);
    const invite = await store.db.selectFrom('accounts').select('identity_id').where('provider_id', '=', 'ds-invite').executeTakeFirstOrThrow();
    expect(invite.identity_id).toBeNull();
  });

  it('duplicate e-mails across apps link to one identity, anchored only by the identity provider', async () => {
    await app(docusign, [{ providerId: 'ds-1', email: 'CEO@contoso.example', name: 'Chief', status: 'active', isAdmin: true }]);
    await app(docusign2, [{ providerId: 'ds-2', email: CEO, name: 'Chief', status: 'active', isAdmin: false }]);
    expect((await ceoIdentity())?.idpInstanceId).toBeNull();
    await idp(tenantA, [member('a-ceo', CEO)]);
    await idp(tenantB, [guest('b-guest', CEO)]);
    const identities = await listIdentities(store.db, { email: CEO });
    expect(identities).toHaveLength(1);
    expect(identities[0]!.accounts.map((a) => a.providerId).sort()).toEqual(['a-ceo', 'b-guest', 'ds-1', 'ds-2']);
    expect(identities[0]).toMatchObject({ idpInstanceId: tenantA, idpAccountId: 'a-ceo' });
  });
});
