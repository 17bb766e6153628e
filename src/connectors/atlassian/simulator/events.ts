import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { SimUser, Tenant } from './tenant.js';

/** One org audit event as the API serves it (digest §4). */
export interface AuditEvent {
  id: string;
  type: 'events';
  attributes: {
    time: string;
    action: string;
    actor: { id: string; name: string; email?: string; auth?: { authType: string; tokenId?: string; tokenLabel?: string }; links: { self: string } };
    context: { id: string; type: string; links?: { self: string; alt?: string } }[];
    container: { id: string; type: string; links: { self: string; alt: string } }[];
    location: { ip: string; geo: string; city?: string; regionName?: string; countryName?: string } | null;
  };
  links: { self: string };
}

/** A stored event: when it happened and when Atlassian processed it (late events are processed hours later). */
export interface StoredEvent {
  at: number;
  processedAt: number;
  record: AuditEvent;
}

export interface EventSpec {
  at: number;
  action: string;
  actor: SimUser | 'system';
  /** Context items: users, roles, groups, API tokens. */
  context?: { id: string; type: string }[];
  ip?: string | null;
  /** The actor worked through an API token (`actor.auth`, authType `api-token`). */
  token?: { id: string; label: string };
  /** Processing lag in ms. @default a few seconds */
  lagMs?: number;
}

const API = 'https://api.atlassian.com';

export function userContext(user: SimUser): { id: string; type: string } {
  return { id: user.accountId, type: 'users' };
}

const title = (s: string) => s.replace(/(^|\s)(\p{L})/gu, (_, b: string, c: string) => b + c.toUpperCase());

/** Atlassian's own geolocation of the address: the person's home city for their home address, else the address only. */
function locationOf(user: SimUser | 'system', ip: string): NonNullable<AuditEvent['attributes']['location']> {
  if (user === 'system' || ip !== user.person.ip) return { ip, geo: '' };
  const p = user.person.place;
  return { ip, geo: `${title(p.city)}, ${title(p.country)}`, city: title(p.city), regionName: title(p.state), countryName: title(p.country) };
}

export function buildEvent(tenant: Tenant, spec: EventSpec, rng: SeededRandom): StoredEvent {
  const id = rng.uuid();
  const actor = spec.actor === 'system' ? { id: 'atlassian', name: 'Atlassian', links: { self: `${API}/users/atlassian/manage/profile` } } : {
          id: spec.actor.accountId,
          name: `${spec.actor.person.firstName} ${spec.actor.person.lastName}`,
          email: spec.actor.person.email,
          ...(spec.token ? { auth: { authType: 'api-token', tokenId: spec.token.id, tokenLabel: spec.token.label } } : {}),
          links: { self: `${API}/users/${spec.actor.accountId}/manage/profile` },
        };
  const ip = spec.ip === undefined ? (spec.actor === 'system' ? null : spec.actor.person.ip) : spec.ip;
  const at = Math.floor(spec.at);
  const record: AuditEvent = {
    id,
    type: 'events',
    attributes: {
      time: new Date(at).toISOString(),
      action: spec.action,
      actor,
      context: (spec.context ?? []).map((c) => ({ ...c, links: { self: `${API}/${c.type}/${c.id}` } })),
      container: [{ id: tenant.site.id, type: 'sites', links: { self: `${API}/admin/v1/orgs/${tenant.org.id}/sites/${tenant.site.id}`, alt: tenant.site.url } }],
      location: ip ? locationOf(spec.actor, ip) : null,
    },
    links: { self: `${API}/admin/v1/orgs/${tenant.org.id}/events/${id}` },
  };
  return { at, processedAt: at + (spec.lagMs ?? rng.int(1, 20) * 1000), record };
}

/** The action catalog `/event-actions` serves (id, display name, group). */
export const EVENT_ACTIONS: [string, string, string][] = [
  ['user_logged_in', 'User logged in', 'Authentication'],
  ['user_login_failed', 'User login failed', 'Authentication'],
  ['user_logged_out', 'User logged out', 'Authentication'],
  ['user_granted_role', 'User granted role', 'User management'],
  ['user_revoked_role', 'User revoked role', 'User management'],
  ['user_added_to_group', 'User added to group', 'Group management'],
  ['user_removed_from_group', 'User removed from group', 'Group management'],
  ['user_access_suspended', 'User access suspended', 'User management'],
  ['user_access_restored', 'User access restored', 'User management'],
  ['user_invited', 'User invited', 'User management'],
  ['product_access_granted', 'Product access granted', 'Product access'],
  ['api_token_created', 'API token created', 'API tokens'],
  ['api_token_revoked', 'API token revoked', 'API tokens'],
  ['authentication_policy_updated', 'Authentication policy updated', 'Security'],
];
