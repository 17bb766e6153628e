import type { Db } from '../db.js';

/** An activity's actor as detection asks about it. */
export interface ActorRef {
  instanceId: string;
  userId: string | null;
  email: string | null;
}

type Status = 'active' | 'suspended' | 'deleted';

/** What the inventory says about an actor: this app's account, the linked identity at the IdP, groups. */
export interface ActorFacts {
  accountStatus: Status | null;
  identityStatus: Status | null;
  identityId: string | null;
  /** The identity provider's connector instance for the linked identity. */
  identityProviderInstanceId: string | null;
  groups: string[];
  /**
   * The organisation's verified domains (settings snapshot `domains`): those the app's own provider reports,
   * then those of the identity provider the person's identity is anchored at. Box and Dropbox publish no list
   * of their own, so the identity provider's is what tells a sister company's domain from an outsider's.
   */
  organisationDomains: string[];
  /** Mail contacts of the organisation (settings snapshot `mailContacts`: Graph `/contacts`). */
  mailContacts: { name: string | null; alias: string | null; email: string }[];
}

/**
 * Verified domains per connector instance, from the settings snapshot `domains` (Graph `/domains`:
 * `{ value: [{ id, isVerified }] }`). Instances without one are absent.
 */
export async function lookupOrganisationDomains(db: Db, instanceIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const [instance, list] of await settingsLists(db, instanceIds, 'domains')) {
    out.set(
      instance,
      list.filter((d) => typeof d.id === 'string' && d.isVerified === true).map((d) => String(d.id).toLowerCase()),
    );
  }
  return out;
}

/** Mail contacts per connector instance, from the settings snapshot `mailContacts` (Graph `/contacts`). */
export async function lookupMailContacts(db: Db, instanceIds: readonly string[]): Promise<Map<string, ActorFacts['mailContacts']>> {
  const out = new Map<string, ActorFacts['mailContacts']>();
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  for (const [instance, list] of await settingsLists(db, instanceIds, 'mailContacts')) {
    const contacts: ActorFacts['mailContacts'] = [];
    for (const c of list) {
      const email = text(c.mail)?.toLowerCase();
      if (email) contacts.push({ name: text(c.displayName), alias: text(c.mailNickname), email });
    }
    out.set(instance, contacts);
  }
  return out;
}

/** A settings snapshot holding a Graph collection (`{ value: [...] }`), per instance. */
async function settingsLists(db: Db, instanceIds: readonly string[], key: string): Promise<Map<string, Record<string, unknown>[]>> {
  const out = new Map<string, Record<string, unknown>[]>();
  if (instanceIds.length === 0) return out;
  const rows = await db.selectFrom('settings_snapshots').select(['connector_instance_id', 'value']).where('key', '=', key).where('connector_instance_id', 'in', [...instanceIds]).execute();
  for (const row of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.value);
    } catch {
      continue;
    }
    const list = (parsed as { value?: unknown } | null)?.value;
    if (Array.isArray(list)) out.set(row.connector_instance_id, list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null));
  }
  return out;
}

/**
 * The inventory's version (migration 0013): the sum of counters that triggers move up in every transaction
 * that changes what {@link lookupActorFacts} reads. Facts read at one version hold until it moves.
 */
export async function inventoryVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('inventory_version')
    .select((eb) => eb.fn.sum<number | string | bigint>('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export const actorRefKey = (r: ActorRef): string => `${r.instanceId}|${r.userId ?? ''}|${(r.email ?? '').toLowerCase()}`;

const CHUNK = 300;

interface AccountHit {
  connector_instance_id: string;
  provider_id: string;
  email: string | null;
  status: Status;
  identity_id: string | null;
}

/**
 * Looks actors up in the inventory in a few batched queries per page: the account in the app that
 * produced the activity (by provider user id, else e-mail), the identity it is linked to (or the identity
 * the e-mail belongs to), that identity's account at the identity provider, and the groups of both.
 */
export async function lookupActorFacts(db: Db, refs: readonly ActorRef[]): Promise<Map<string, ActorFacts>> {
  const out = new Map<string, ActorFacts>();
  if (refs.length === 0) return out;
  const instances = [...new Set(refs.map((r) => r.instanceId))];
  const userIds = [...new Set(refs.map((r) => r.userId).filter((v): v is string => !!v))];
  const emails = [...new Set(refs.map((r) => r.email?.toLowerCase()).filter((v): v is string => !!v))];

  const accounts: AccountHit[] = [];
  const columns = ['connector_instance_id', 'provider_id', 'email', 'status', 'identity_id'] as const;
  for (let i = 0; i < userIds.length; i += CHUNK) {
    accounts.push(...(await db.selectFrom('accounts').select(columns).where('connector_instance_id', 'in', instances).where('provider_id', 'in', userIds.slice(i, i + CHUNK)).execute()));
  }
  for (let i = 0; i < emails.length; i += CHUNK) {
    accounts.push(...(await db.selectFrom('accounts').select(columns).where('connector_instance_id', 'in', instances).where('email', 'in', emails.slice(i, i + CHUNK)).execute()));
  }
  const byId = new Map(accounts.map((a) => [`${a.connector_instance_id}|${a.provider_id}`, a]));
  const byEmail = new Map(accounts.filter((a) => a.email).map((a) => [`${a.connector_instance_id}|${a.email}`, a]));

  const emailIdentity = new Map<string, string>();
  for (let i = 0; i < emails.length; i += CHUNK) {
    for (const r of await db.selectFrom('identity_emails').select(['email', 'identity_id']).where('email', 'in', emails.slice(i, i + CHUNK)).execute()) {
      emailIdentity.set(r.email, r.identity_id);
    }
  }

  const resolved = refs.map((ref) => {
    const email = ref.email?.toLowerCase() ?? null;
    const account = (ref.userId && byId.get(`${ref.instanceId}|${ref.userId}`)) || (email && byEmail.get(`${ref.instanceId}|${email}`)) || null;
    const identityId = account?.identity_id ?? (email ? (emailIdentity.get(email) ?? null) : null);
    return { ref, account, identityId };
  });

  const identityIds = [...new Set(resolved.map((r) => r.identityId).filter((v): v is string => !!v))];
  const idp = new Map<string, { instance: string; accountId: string }>();
  for (let i = 0; i < identityIds.length; i += CHUNK) {
    const rows = await db.selectFrom('identities').select(['id', 'idp_instance_id', 'idp_account_id']).where('id', 'in', identityIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) if (r.idp_instance_id && r.idp_account_id) idp.set(r.id, { instance: r.idp_instance_id, accountId: r.idp_account_id });
  }
  const idpAccounts = new Map<string, Status>();
  const byInstance = new Map<string, string[]>();
  for (const v of idp.values()) byInstance.set(v.instance, [...(byInstance.get(v.instance) ?? []), v.accountId]);
  for (const [instance, ids] of byInstance) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db.selectFrom('accounts').select(['provider_id', 'status']).where('connector_instance_id', '=', instance).where('provider_id', 'in', ids.slice(i, i + CHUNK)).execute();
      for (const r of rows) idpAccounts.set(`${instance}|${r.provider_id}`, r.status);
    }
  }

  // Groups: the account's groups in its app and the IdP account's groups.
  const members = new Map<string, Set<string>>();
  for (const r of resolved) {
    const pairs: [string, string][] = [];
    if (r.account) pairs.push([r.account.connector_instance_id, r.account.provider_id]);
    const at = r.identityId ? idp.get(r.identityId) : undefined;
    if (at) pairs.push([at.instance, at.accountId]);
    for (const [instance, id] of pairs) members.set(instance, (members.get(instance) ?? new Set()).add(id));
  }
  const groupsOf = new Map<string, Set<string>>();
  for (const [instance, ids] of members) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += CHUNK) {
      const rows = await db
        .selectFrom('group_members')
        .innerJoin('groups', (join) =>
          join.onRef('groups.connector_instance_id', '=', 'group_members.connector_instance_id').onRef('groups.provider_id', '=', 'group_members.group_provider_id'),
        )
        .select(['group_members.member_provider_id as member', 'groups.name as name', 'groups.provider_id as groupId'])
        .where('group_members.connector_instance_id', '=', instance)
        .where('group_members.member_provider_id', 'in', list.slice(i, i + CHUNK))
        .execute();
      for (const row of rows) {
        const key = `${instance}|${row.member}`;
        groupsOf.set(key, (groupsOf.get(key) ?? new Set()).add(row.name ?? row.groupId));
      }
    }
  }

  const domains = await lookupOrganisationDomains(db, [...new Set([...instances, ...[...idp.values()].map((v) => v.instance)])]);
  const contacts = await lookupMailContacts(db, instances);
  for (const r of resolved) {
    const at = r.identityId ? idp.get(r.identityId) : undefined;
    const groups = new Set<string>();
    if (r.account) for (const g of groupsOf.get(`${r.account.connector_instance_id}|${r.account.provider_id}`) ?? []) groups.add(g);
    if (at) for (const g of groupsOf.get(`${at.instance}|${at.accountId}`) ?? []) groups.add(g);
    out.set(actorRefKey(r.ref), {
      accountStatus: r.account?.status ?? null,
      identityStatus: at ? (idpAccounts.get(`${at.instance}|${at.accountId}`) ?? null) : null,
      identityId: r.identityId,
      identityProviderInstanceId: at?.instance ?? null,
      groups: [...groups],
      organisationDomains: [...new Set([...(domains.get(r.ref.instanceId) ?? []), ...((at && domains.get(at.instance)) ?? [])])],
      mailContacts: contacts.get(r.ref.instanceId) ?? [],
    });
  }
  return out;
}
