import type { Db } from '../db.js';
import type { IdentitiesTable } from '../schema.js';

export interface IdentityView {
  id: string;
  displayName: string | null;
  primaryEmail: string | null;
  emails: string[];
  /** The connected identity provider holding this identity (governance acts through it), if any. */
  idpInstanceId: string | null;
  idpAccountId: string | null;
  accounts: { connectorInstanceId: string; providerId: string; email: string | null; status: string; isAdmin: boolean | null }[];
}

/** Identities with the accounts linked to them across connected apps. */
export async function listIdentities(db: Db, options: { email?: string; limit?: number } = {}): Promise<IdentityView[]> {
  let query = db.selectFrom('identities').selectAll();
  if (options.email) {
    const email = options.email.toLowerCase();
    query = query.where('id', 'in', db.selectFrom('identity_emails').select('identity_id').where('email', '=', email));
  }
  const identities = await query.orderBy('primary_email').limit(options.limit ?? 10_000).execute();
  if (!identities.length) return [];
  return identityViews(db, identities);
}

/** Identity rows with their e-mails and linked accounts (rows in, views out, same order). */
export async function identityViews(db: Db, identities: readonly IdentitiesTable[]): Promise<IdentityView[]> {
  if (!identities.length) return [];
  const ids = identities.map((i) => i.id);
  const emails = await db.selectFrom('identity_emails').selectAll().where('identity_id', 'in', ids).execute();
  const accounts = await db
    .selectFrom('accounts')
    .select(['identity_id', 'connector_instance_id', 'provider_id', 'email', 'status', 'is_admin'])
    .where('identity_id', 'in', ids)
    .execute();
  return identities.map((i) => ({
    id: i.id,
    displayName: i.display_name,
    primaryEmail: i.primary_email,
    emails: emails.filter((e) => e.identity_id === i.id).map((e) => e.email).sort(),
    idpInstanceId: i.idp_instance_id,
    idpAccountId: i.idp_account_id,
    accounts: accounts
      .filter((a) => a.identity_id === i.id)
      .map((a) => ({ connectorInstanceId: a.connector_instance_id, providerId: a.provider_id, email: a.email, status: a.status, isAdmin: a.is_admin === null ? null : a.is_admin === 1 })),
  }));
}
