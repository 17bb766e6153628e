import { GroupRecordSchema, type GroupRecord } from '../../core/group.js';
import { newId } from '../../core/ids.js';
import { OAuthAppRecordSchema, type OAuthAppRecord, type OAuthGrant } from '../../core/oauth-app.js';
import { PrivilegeRecordSchema, type PrivilegeRecord } from '../../core/privilege.js';
import type { Db } from '../db.js';
import type { OAuthAppsTable } from '../schema.js';

/** Stores one page of a groups snapshot: each group and its current direct members. Call inside a transaction. */
export async function upsertGroups(db: Db, instanceId: string, records: readonly GroupRecord[], now: number): Promise<void> {
  for (const input of records) {
    const g = GroupRecordSchema.parse(input);
    const values = { name: g.name, kind: g.kind, details: JSON.stringify(g.details), last_seen_at: now, deleted: 0 };
    await db
      .insertInto('groups')
      .values({ id: newId(now), connector_instance_id: instanceId, provider_id: g.providerId, ...values })
      .onConflict((oc) => oc.columns(['connector_instance_id', 'provider_id']).doUpdateSet(values))
      .execute();
    await db.deleteFrom('group_members').where('connector_instance_id', '=', instanceId).where('group_provider_id', '=', g.providerId).execute();
    const members = [...new Set(g.members)];
    for (let i = 0; i < members.length; i += 500) {
      await db
        .insertInto('group_members')
        .values(members.slice(i, i + 500).map((m) => ({ connector_instance_id: instanceId, group_provider_id: g.providerId, member_provider_id: m })))
        .execute();
    }
  }
}

export async function upsertPrivileges(db: Db, instanceId: string, records: readonly PrivilegeRecord[], now: number): Promise<void> {
  for (const input of records) {
    const p = PrivilegeRecordSchema.parse(input);
    const values = { role: p.role, details: JSON.stringify(p.details), last_seen_at: now };
    await db
      .insertInto('privileges')
      .values({ connector_instance_id: instanceId, account_provider_id: p.accountProviderId, role_id: p.roleId, scope: p.scope, ...values })
      .onConflict((oc) => oc.columns(['connector_instance_id', 'account_provider_id', 'role_id', 'scope']).doUpdateSet(values))
      .execute();
  }
}

export async function upsertOAuthApps(db: Db, instanceId: string, records: readonly OAuthAppRecord[], now: number): Promise<void> {
  for (const input of records) {
    const a = OAuthAppRecordSchema.parse(input);
    const values = {
      app_id: a.appId,
      name: a.name,
      publisher: a.publisher,
      verified_publisher: a.verifiedPublisher ? 1 : 0,
      third_party: a.thirdParty ? 1 : 0,
      enabled: a.enabled ? 1 : 0,
      grants: JSON.stringify(a.grants),
      details: JSON.stringify(a.details),
      last_seen_at: now,
      deleted: 0,
    };
    await db
      .insertInto('oauth_apps')
      .values({ id: newId(now), connector_instance_id: instanceId, provider_id: a.providerId, ...values })
      .onConflict((oc) => oc.columns(['connector_instance_id', 'provider_id']).doUpdateSet(values))
      .execute();
  }
}

/**
 * Ends a complete snapshot of one entity: groups and apps no longer reported are marked deleted, and
 * privileges no longer held are removed (the activity log keeps the history of who held what).
 */
export async function finishInventorySnapshot(db: Db, instanceId: string, entity: 'groups' | 'privileges' | 'oauthApps', startedAt: number): Promise<void> {
  if (entity === 'groups') {
    const gone = await db.selectFrom('groups').select('provider_id').where('connector_instance_id', '=', instanceId).where('last_seen_at', '<', startedAt).execute();
    await db.updateTable('groups').set({ deleted: 1 }).where('connector_instance_id', '=', instanceId).where('last_seen_at', '<', startedAt).execute();
    for (const g of gone) await db.deleteFrom('group_members').where('connector_instance_id', '=', instanceId).where('group_provider_id', '=', g.provider_id).execute();
  } else if (entity === 'privileges') {
    await db.deleteFrom('privileges').where('connector_instance_id', '=', instanceId).where('last_seen_at', '<', startedAt).execute();
  } else {
    await db.updateTable('oauth_apps').set({ deleted: 1 }).where('connector_instance_id', '=', instanceId).where('last_seen_at', '<', startedAt).execute();
  }
}

export interface StoredGroup {
  connectorInstanceId: string;
  providerId: string;
  name: string | null;
  kind: string | null;
  members: number;
  deleted: boolean;
}

export async function listGroups(db: Db, instanceId?: string): Promise<StoredGroup[]> {
  let query = db
    .selectFrom('groups as g')
    .leftJoin('group_members as m', (join) => join.onRef('m.connector_instance_id', '=', 'g.connector_instance_id').onRef('m.group_provider_id', '=', 'g.provider_id'))
    .select((eb) => ['g.connector_instance_id', 'g.provider_id', 'g.name', 'g.kind', 'g.deleted', eb.fn.count<number>('m.member_provider_id').as('members')])
    .groupBy(['g.connector_instance_id', 'g.provider_id', 'g.name', 'g.kind', 'g.deleted']);
  if (instanceId) query = query.where('g.connector_instance_id', '=', instanceId);
  const rows = await query.orderBy('g.name').execute();
  return rows.map((r) => ({ connectorInstanceId: r.connector_instance_id, providerId: r.provider_id, name: r.name, kind: r.kind, members: Number(r.members), deleted: r.deleted === 1 }));
}

export interface StoredPrivilege {
  connectorInstanceId: string;
  accountProviderId: string;
  accountEmail: string | null;
  role: string;
  roleId: string;
  scope: string;
  details: Record<string, unknown>;
}

export async function listPrivileges(db: Db, instanceId?: string): Promise<StoredPrivilege[]> {
  let query = db
    .selectFrom('privileges as p')
    .leftJoin('accounts as a', (join) => join.onRef('a.connector_instance_id', '=', 'p.connector_instance_id').onRef('a.provider_id', '=', 'p.account_provider_id'))
    .select(['p.connector_instance_id', 'p.account_provider_id', 'a.email', 'p.role', 'p.role_id', 'p.scope', 'p.details']);
  if (instanceId) query = query.where('p.connector_instance_id', '=', instanceId);
  const rows = await query.orderBy('p.role').orderBy('a.email').execute();
  return rows.map((r) => ({
    connectorInstanceId: r.connector_instance_id,
    accountProviderId: r.account_provider_id,
    accountEmail: r.email,
    role: r.role,
    roleId: r.role_id,
    scope: r.scope,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

export interface StoredOAuthApp {
  connectorInstanceId: string;
  providerId: string;
  appId: string | null;
  name: string | null;
  publisher: string | null;
  verifiedPublisher: boolean;
  thirdParty: boolean;
  enabled: boolean;
  deleted: boolean;
  grants: OAuthGrant[];
}

export async function listOAuthApps(db: Db, options: { instanceId?: string; includeDeleted?: boolean } = {}): Promise<StoredOAuthApp[]> {
  let query = db.selectFrom('oauth_apps').selectAll();
  if (options.instanceId) query = query.where('connector_instance_id', '=', options.instanceId);
  if (!options.includeDeleted) query = query.where('deleted', '=', 0);
  const rows = await query.orderBy('name').execute();
  return rows.map(toStoredOAuthApp);
}

export function toStoredOAuthApp(r: OAuthAppsTable): StoredOAuthApp {
  return {
    connectorInstanceId: r.connector_instance_id,
    providerId: r.provider_id,
    appId: r.app_id,
    name: r.name,
    publisher: r.publisher,
    verifiedPublisher: r.verified_publisher === 1,
    thirdParty: r.third_party === 1,
    enabled: r.enabled === 1,
    deleted: r.deleted === 1,
    grants: JSON.parse(r.grants) as OAuthGrant[],
  };
}
