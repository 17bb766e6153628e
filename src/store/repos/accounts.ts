import type { Account, AccountRecord, AccountRef, AccountStatus } from '../../core/account.js';
import { AccountRecordSchema } from '../../core/account.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { AccountsTable } from '../schema.js';

export function toAccount(row: AccountsTable): Account {
  return {
    id: row.id,
    connectorInstanceId: row.connector_instance_id,
    providerId: row.provider_id,
    email: row.email,
    name: row.name,
    status: row.status,
    isAdmin: row.is_admin === null ? null : row.is_admin === 1,
    identityId: row.identity_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    firstSeenAt: Number(row.first_seen_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}

export interface UpsertAccountsOptions {
  instanceId: string;
  now: number;
  /** The instance is an identity provider: the identities it links are held by it. */
  identityProvider?: boolean;
}

/** An identity already anchored elsewhere that this page's account would have re-anchored. */
export interface AnchorConflict {
  identityId: string;
  email: string | null;
  anchoredTo: { instanceId: string; accountId: string };
  refused: { instanceId: string; accountId: string };
}

/**
 * Stores one page of a snapshot and links every account to an identity by its verified e-mail and
 * aliases (case-insensitive). Call inside a transaction.
 *
 * Anchoring (which identity-provider account governance acts through) follows docs/security.md: only an
 * account its connector marks `identityAnchor` (a member of the tenant owning the e-mail's verified
 * domain) anchors; an identity anchored in one instance is never moved to another instance's account
 * while its anchor is still a valid one — that is returned as a conflict for the caller to report.
 */
export async function upsertAccounts(db: Db, records: readonly AccountRecord[], options: UpsertAccountsOptions): Promise<AnchorConflict[]> {
  const conflicts: AnchorConflict[] = [];
  for (const input of records) {
    const record = AccountRecordSchema.parse(input);
    const email = record.email?.trim().toLowerCase() || null;
    // An address the provider says is unverified (a guest who has not accepted) must not link identities.
    const linkable = record.details.emailVerified === false ? [] : [email];
    const emails = [...new Set([...linkable, ...record.aliases.map((a) => a.trim().toLowerCase())].filter((e): e is string => !!e && e.includes('@')))];
    const identityId = emails.length ? await linkIdentity(db, emails, record.name, options) : null;
    const existing = await db
      .selectFrom('accounts')
      .select(['id', 'first_seen_at'])
      .where('connector_instance_id', '=', options.instanceId)
      .where('provider_id', '=', record.providerId)
      .executeTakeFirst();
    const values = {
      email,
      name: record.name,
      status: record.status,
      is_admin: record.isAdmin === null ? null : record.isAdmin ? 1 : 0,
      identity_id: identityId,
      aliases: JSON.stringify(record.aliases),
      details: JSON.stringify(record.details),
      identity_anchor: options.identityProvider && record.identityAnchor ? 1 : 0,
      last_seen_at: options.now,
    };
    if (existing) {
      await db.updateTable('accounts').set(values).where('id', '=', existing.id).execute();
    } else {
      await db
        .insertInto('accounts')
        .values({ id: newId(options.now), connector_instance_id: options.instanceId, provider_id: record.providerId, first_seen_at: options.now, ...values })
        .execute();
    }
    if (identityId && options.identityProvider && record.identityAnchor) {
      const conflict = await anchorIdentity(db, identityId, options.instanceId, record.providerId);
      if (conflict) conflicts.push({ ...conflict, email });
    }
  }
  return conflicts;
}

/**
 * Anchors an identity to an identity-provider account unless it is already anchored to a valid anchor
 * (an active anchor-eligible account) in another instance: two tenants cannot both own one verified
 * domain, so that is a conflict to report, never a silent move.
 */
async function anchorIdentity(db: Db, identityId: string, instanceId: string, accountId: string): Promise<Omit<AnchorConflict, 'email'> | null> {
  const identity = await db.selectFrom('identities').select(['idp_instance_id', 'idp_account_id']).where('id', '=', identityId).executeTakeFirstOrThrow();
  if (identity.idp_instance_id && identity.idp_account_id && identity.idp_instance_id !== instanceId) {
    const current = await db
      .selectFrom('accounts')
      .select(['status', 'identity_anchor'])
      .where('connector_instance_id', '=', identity.idp_instance_id)
      .where('provider_id', '=', identity.idp_account_id)
      .executeTakeFirst();
    if (current && current.identity_anchor === 1 && current.status !== 'deleted') {
      return { identityId, anchoredTo: { instanceId: identity.idp_instance_id, accountId: identity.idp_account_id }, refused: { instanceId, accountId } };
    }
  }
  await db.updateTable('identities').set({ idp_instance_id: instanceId, idp_account_id: accountId }).where('id', '=', identityId).execute();
  return null;
}

async function linkIdentity(db: Db, emails: string[], name: string | null, options: UpsertAccountsOptions): Promise<string> {
  const known = await db.selectFrom('identity_emails').select(['email', 'identity_id']).where('email', 'in', emails).execute();
  let identityId = known[0]?.identity_id;
  if (!identityId) {
    identityId = newId(options.now);
    await db
      .insertInto('identities')
      .values({ id: identityId, display_name: name, primary_email: emails[0] ?? null, idp_instance_id: null, idp_account_id: null, created_at: options.now })
      .execute();
  }
  const missing = emails.filter((e) => !known.some((k) => k.email === e));
  if (missing.length) {
    await db
      .insertInto('identity_emails')
      .values(missing.map((email) => ({ email, identity_id: identityId })))
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
  }
  return identityId;
}

/**
 * Ends a complete snapshot: accounts the provider no longer reports are marked deleted (kept, not removed,
 * so their history stays attributable).
 */
export async function markAccountsNotSeenDeleted(db: Db, instanceId: string, snapshotStartedAt: number): Promise<number> {
  const result = await db
    .updateTable('accounts')
    .set({ status: 'deleted' })
    .where('connector_instance_id', '=', instanceId)
    .where('last_seen_at', '<', snapshotStartedAt)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface AccountFilter {
  instanceId?: string;
  status?: AccountStatus;
  email?: string;
  limit?: number;
}

export async function listAccounts(db: Db, filter: AccountFilter = {}): Promise<Account[]> {
  let query = db.selectFrom('accounts').selectAll();
  if (filter.instanceId) query = query.where('connector_instance_id', '=', filter.instanceId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.email) query = query.where('email', '=', filter.email.toLowerCase());
  const rows = await query.orderBy('email').limit(filter.limit ?? 100_000).execute();
  return rows.map(toAccount);
}

export async function countAccounts(db: Db, instanceId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('connector_instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The inventory normalisers consult at ingest time (actor e-mail, admin flag), keyed by provider id. */
export async function loadAccountRefs(db: Db, instanceId: string): Promise<Map<string, AccountRef>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['provider_id', 'email', 'name', 'is_admin', 'status'])
    .where('connector_instance_id', '=', instanceId)
    .execute();
  return new Map(rows.map((r) => [r.provider_id, { email: r.email, name: r.name, isAdmin: r.is_admin === null ? null : r.is_admin === 1, status: r.status }]));
}
