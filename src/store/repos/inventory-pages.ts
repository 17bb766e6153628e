import type { Account } from '../../core/account.js';
import type { Db } from '../db.js';
import { toAccount } from './accounts.js';
import { identityViews, type IdentityView } from './identities.js';
import { toStoredOAuthApp, type StoredOAuthApp } from './inventory.js';
import { containsText } from './text-match.js';

/**
 * Keyset pages of the inventory for the API: each list is ordered by its primary key (ULIDs: creation
 * order) and continues after the last id of the previous page.
 */

export async function pageAccounts(
  db: Db,
  filter: { instanceIds?: readonly string[] | undefined; status?: string; q?: string; identityId?: string; after?: string | null; limit: number },
): Promise<Account[]> {
  let query = db.selectFrom('accounts').selectAll();
  if (filter.instanceIds?.length) query = query.where('connector_instance_id', 'in', filter.instanceIds);
  if (filter.status) query = query.where('status', '=', filter.status as Account['status']);
  if (filter.identityId) query = query.where('identity_id', '=', filter.identityId);
  if (filter.q) {
    const text = filter.q;
    query = query.where((eb) => eb.or([containsText('email', text), containsText('name', text), eb('provider_id', '=', text)]));
  }
  if (filter.after) query = query.where('id', '>', filter.after);
  return (await query.orderBy('id').limit(filter.limit).execute()).map(toAccount);
}

export async function pageIdentities(db: Db, filter: { q?: string; after?: string | null; limit: number }): Promise<IdentityView[]> {
  let query = db.selectFrom('identities').select('id');
  if (filter.q) {
    const text = filter.q;
    query = query.where((eb) => eb.or([containsText('display_name', text), eb('id', 'in', db.selectFrom('identity_emails').select('identity_id').where(containsText('email', text)))]));
  }
  if (filter.after) query = query.where('id', '>', filter.after);
  const ids = (await query.orderBy('id').limit(filter.limit).execute()).map((r) => r.id);
  if (!ids.length) return [];
  const views = await identitiesByIds(db, ids);
  return ids.map((id) => views.get(id)).filter((v): v is IdentityView => v !== undefined);
}

async function identitiesByIds(db: Db, ids: readonly string[]): Promise<Map<string, IdentityView>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('identities').selectAll().where('id', 'in', ids).execute();
  return new Map((await identityViews(db, rows)).map((v) => [v.id, v]));
}

export async function getIdentity(db: Db, id: string): Promise<IdentityView | undefined> {
  return (await identitiesByIds(db, [id])).get(id);
}

export async function pageGroups(db: Db, filter: { instanceIds?: readonly string[] | undefined; q?: string; after?: string | null; limit: number }) {
  let query = db
    .selectFrom('groups as g')
    .select((eb) => [
      'g.id',
      'g.connector_instance_id',
      'g.provider_id',
      'g.name',
      'g.kind',
      'g.deleted',
      eb
        .selectFrom('group_members as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.connector_instance_id', '=', 'g.connector_instance_id')
        .whereRef('m.group_provider_id', '=', 'g.provider_id')
        .as('members'),
    ])
    .where('g.deleted', '=', 0);
  if (filter.instanceIds?.length) query = query.where('g.connector_instance_id', 'in', filter.instanceIds);
  if (filter.q) query = query.where(containsText('g.name', filter.q));
  if (filter.after) query = query.where('g.id', '>', filter.after);
  const rows = await query.orderBy('g.id').limit(filter.limit).execute();
  return rows.map((r) => ({ id: r.id, connectorInstanceId: r.connector_instance_id, providerId: r.provider_id, name: r.name, kind: r.kind, members: Number(r.members ?? 0) }));
}

export interface PrivilegeKey {
  instanceId: string;
  accountProviderId: string;
  roleId: string;
  scope: string;
}

export async function pagePrivileges(db: Db, filter: { instanceIds?: readonly string[] | undefined; accounts?: readonly { instanceId: string; providerId: string }[]; after?: PrivilegeKey | null; limit: number }) {
  let query = db
    .selectFrom('privileges as p')
    .leftJoin('accounts as a', (join) => join.onRef('a.connector_instance_id', '=', 'p.connector_instance_id').onRef('a.provider_id', '=', 'p.account_provider_id'))
    .select(['p.connector_instance_id', 'p.account_provider_id', 'a.email', 'a.identity_id', 'p.role', 'p.role_id', 'p.scope']);
  if (filter.instanceIds?.length) query = query.where('p.connector_instance_id', 'in', filter.instanceIds);
  if (filter.accounts) {
    const accounts = filter.accounts;
    if (!accounts.length) return [];
    query = query.where((eb) => eb.or(accounts.map((a) => eb.and([eb('p.connector_instance_id', '=', a.instanceId), eb('p.account_provider_id', '=', a.providerId)]))));
  }
  if (filter.after) {
    const k = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('p.connector_instance_id', '>', k.instanceId),
        eb.and([eb('p.connector_instance_id', '=', k.instanceId), eb('p.account_provider_id', '>', k.accountProviderId)]),
        eb.and([eb('p.connector_instance_id', '=', k.instanceId), eb('p.account_provider_id', '=', k.accountProviderId), eb('p.role_id', '>', k.roleId)]),
        eb.and([eb('p.connector_instance_id', '=', k.instanceId), eb('p.account_provider_id', '=', k.accountProviderId), eb('p.role_id', '=', k.roleId), eb('p.scope', '>', k.scope)]),
      ]),
    );
  }
  const rows = await query.orderBy('p.connector_instance_id').orderBy('p.account_provider_id').orderBy('p.role_id').orderBy('p.scope').limit(filter.limit).execute();
  return rows.map((r) => ({ connectorInstanceId: r.connector_instance_id, accountProviderId: r.account_provider_id, accountEmail: r.email, identityId: r.identity_id, role: r.role, roleId: r.role_id, scope: r.scope }));
}

export async function groupsOfAccounts(db: Db, accounts: readonly { instanceId: string; providerId: string }[]) {
  if (!accounts.length) return [];
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', (join) => join.onRef('g.connector_instance_id', '=', 'm.connector_instance_id').onRef('g.provider_id', '=', 'm.group_provider_id'))
    .select(['g.id', 'g.connector_instance_id', 'g.provider_id', 'g.name', 'g.kind', 'm.member_provider_id'])
    .where((eb) => eb.or(accounts.map((a) => eb.and([eb('m.connector_instance_id', '=', a.instanceId), eb('m.member_provider_id', '=', a.providerId)]))))
    .where('g.deleted', '=', 0)
    .execute();
  return rows.map((r) => ({ id: r.id, connectorInstanceId: r.connector_instance_id, providerId: r.provider_id, name: r.name, kind: r.kind, memberProviderId: r.member_provider_id }));
}

export type OAuthAppView = StoredOAuthApp & { id: string };

export async function pageOAuthApps(db: Db, filter: { instanceIds?: readonly string[] | undefined; thirdParty?: boolean; after?: string | null; limit: number }): Promise<OAuthAppView[]> {
  let query = db.selectFrom('oauth_apps').selectAll().where('deleted', '=', 0);
  if (filter.instanceIds?.length) query = query.where('connector_instance_id', 'in', filter.instanceIds);
  if (filter.thirdParty !== undefined) query = query.where('third_party', '=', filter.thirdParty ? 1 : 0);
  if (filter.after) query = query.where('id', '>', filter.after);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => ({ id: r.id, ...toStoredOAuthApp(r) }));
}
