import { ACTION_KINDS, isActionKind, type TargetType } from '../core/governance-action.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { findInstance } from '../store/repos/connector-instances.js';

/** An account as governance sees it. */
export interface TargetAccount {
  id: string;
  instanceId: string;
  providerId: string;
  email: string | null;
  aliases: string[];
  status: string;
  isAdmin: boolean | null;
  identityId: string | null;
}

/** What an action acts on, looked up in the inventory. */
export interface ResolvedTarget {
  type: TargetType;
  /** Parapet's id: account, identity or OAuth app. */
  id: string;
  label: string;
  email: string | null;
  identityId: string | null;
  /** The account itself, or every account linked to the person. */
  accounts: TargetAccount[];
  /** The identity provider account holding the person, if one is connected. */
  idp: { instanceId: string; accountProviderId: string } | null;
  oauthApp: { instanceId: string; providerId: string; appId: string | null; name: string } | null;
}

export interface TargetRef {
  type: TargetType;
  /** Parapet id, e-mail, provider id (accounts, apps), app id or name (OAuth apps). */
  ref: string;
  /** Narrows an account or OAuth app to one connection (name or id). */
  instance?: string | undefined;
}

/** Which kind of target an action takes; a person can be named for any account action. */
export function targetTypeOf(kind: string): TargetType {
  if (!isActionKind(kind)) return 'identity';
  return ACTION_KINDS[kind].target;
}

export async function resolveTarget(db: Db, target: TargetRef): Promise<ResolvedTarget> {
  const ref = target.ref.trim();
  if (!ref) throw new ValidationError('Name the target: an account id or e-mail, a person\'s e-mail, or an OAuth app.');
  const instanceId = target.instance ? (await findInstance(db, target.instance)).id : undefined;
  if (target.type === 'oauth-app') return resolveOAuthApp(db, ref, instanceId);
  if (target.type === 'identity') return resolveIdentity(db, ref);
  let query = db.selectFrom('accounts').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('email', '=', ref.toLowerCase()), eb('provider_id', '=', ref)]));
  if (instanceId) query = query.where('connector_instance_id', '=', instanceId);
  const rows = await query.execute();
  if (rows.length === 0) throw new NotFoundError(`No account "${ref}"${target.instance ? ` in ${target.instance}` : ''} in the inventory. Sync the app first, or name the person's e-mail.`);
  if (rows.length > 1) {
    const names = await instanceNames(db, rows.map((r) => r.connector_instance_id));
    throw new ValidationError(`"${ref}" has an account in several apps (${names.join(', ')}): name the app (--app) or act on the person.`);
  }
  const row = rows[0]!;
  const account = toTargetAccount(row);
  return { type: 'account', id: row.id, label: row.email ?? row.provider_id, email: row.email, identityId: row.identity_id, accounts: [account], idp: await idpOf(db, row.identity_id), oauthApp: null };
}

async function resolveIdentity(db: Db, ref: string): Promise<ResolvedTarget> {
  const identity =
    (await db.selectFrom('identities').selectAll().where('id', '=', ref).executeTakeFirst()) ??
    (await db
      .selectFrom('identities')
      .selectAll()
      .where('id', 'in', db.selectFrom('identity_emails').select('identity_id').where('email', '=', ref.toLowerCase()))
      .executeTakeFirst());
  if (!identity) {
    // A person known to one app only has no identity row: act on that account.
    const accounts = await db.selectFrom('accounts').selectAll().where('email', '=', ref.toLowerCase()).execute();
    if (accounts.length === 1) return { ...(await resolveTarget(db, { type: 'account', ref: accounts[0]!.id })), type: 'identity' };
    throw new NotFoundError(`No person "${ref}" in the inventory. Sync the apps first, or check the e-mail.`);
  }
  const rows = await db.selectFrom('accounts').selectAll().where('identity_id', '=', identity.id).orderBy('connector_instance_id').execute();
  return {
    type: 'identity',
    id: identity.id,
    label: identity.primary_email ?? identity.display_name ?? identity.id,
    email: identity.primary_email,
    identityId: identity.id,
    accounts: rows.map(toTargetAccount),
    idp: identity.idp_instance_id && identity.idp_account_id ? { instanceId: identity.idp_instance_id, accountProviderId: identity.idp_account_id } : null,
    oauthApp: null,
  };
}

async function resolveOAuthApp(db: Db, ref: string, instanceId: string | undefined): Promise<ResolvedTarget> {
  let query = db
    .selectFrom('oauth_apps')
    .selectAll()
    .where('deleted', '=', 0)
    .where((eb) => eb.or([eb('id', '=', ref), eb('provider_id', '=', ref), eb('app_id', '=', ref), eb('name', '=', ref)]));
  if (instanceId) query = query.where('connector_instance_id', '=', instanceId);
  const rows = await query.execute();
  if (rows.length === 0) throw new NotFoundError(`No OAuth app "${ref}" in the inventory (it may have been removed already). List them with \`parapet inventory oauth-apps\`.`);
  if (rows.length > 1) throw new ValidationError(`"${ref}" names ${rows.length} OAuth apps: use the app's id (${rows.map((r) => r.id).join(', ')}).`);
  const row = rows[0]!;
  const name = row.name ?? row.provider_id;
  return { type: 'oauth-app', id: row.id, label: name, email: null, identityId: null, accounts: [], idp: null, oauthApp: { instanceId: row.connector_instance_id, providerId: row.provider_id, appId: row.app_id, name } };
}

async function idpOf(db: Db, identityId: string | null): Promise<ResolvedTarget['idp']> {
  if (!identityId) return null;
  const identity = await db.selectFrom('identities').select(['idp_instance_id', 'idp_account_id']).where('id', '=', identityId).executeTakeFirst();
  return identity?.idp_instance_id && identity.idp_account_id ? { instanceId: identity.idp_instance_id, accountProviderId: identity.idp_account_id } : null;
}

async function instanceNames(db: Db, ids: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('connector_instances').select('name').where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.name);
}

function toTargetAccount(row: { id: string; connector_instance_id: string; provider_id: string; email: string | null; aliases: string; status: string; is_admin: number | null; identity_id: string | null }): TargetAccount {
  return {
    id: row.id,
    instanceId: row.connector_instance_id,
    providerId: row.provider_id,
    email: row.email,
    aliases: JSON.parse(row.aliases) as string[],
    status: row.status,
    isAdmin: row.is_admin === null ? null : row.is_admin === 1,
    identityId: row.identity_id,
  };
}
