import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { SimApp, SimUser, Tenant } from './tenant.js';

/** One Audit Logs entry as Slack serves it (digest §4), with the epoch ms it happened at. */
export interface AuditEntry {
  id: string;
  date_create: number;
  action: string;
  actor: Record<string, unknown>;
  entity: Record<string, unknown>;
  context: Record<string, unknown>;
  details?: Record<string, unknown>;
}

export interface EntrySpec {
  /** Epoch ms; `date_create` is its whole second. */
  at: number;
  action: string;
  actor: SimUser | { app: SimApp } | null;
  entity: { type: string; value: Record<string, unknown> };
  ip?: string | null;
  ua?: string | null;
  /** Enterprise-wide (org settings, roles) or one workspace (files, channels). */
  workspace?: boolean;
  details?: Record<string, unknown>;
}

export function userRef(user: SimUser, tenant: Tenant): Record<string, unknown> {
  return { id: user.id, name: `${user.person.firstName} ${user.person.lastName}`, email: user.person.email, team: tenant.enterprise.id };
}

export function buildEntry(tenant: Tenant, spec: EntrySpec, rng: SeededRandom): AuditEntry {
  const workspace = tenant.workspaces[0] as Tenant['workspaces'][number];
  const location = spec.workspace
    ? { type: 'workspace', id: workspace.id, name: workspace.name, domain: workspace.domain }
    : { type: 'enterprise', id: tenant.enterprise.id, name: tenant.enterprise.name, domain: tenant.enterprise.domain };
  const actor =
    spec.actor === null
      ? { type: 'user', user: { id: 'USLACKUSER', name: 'Slack', email: null, team: tenant.enterprise.id } }
      : 'app' in spec.actor
        ? { type: 'app', app: { id: spec.actor.app.id, name: spec.actor.app.name } }
        : { type: 'user', user: userRef(spec.actor, tenant) };
  const entry: AuditEntry = {
    id: rng.uuid(),
    date_create: Math.floor(spec.at / 1000),
    action: spec.action,
    actor,
    entity: { type: spec.entity.type, [spec.entity.type]: spec.entity.value },
    context: { location, ua: spec.ua ?? '', ip_address: spec.ip ?? '', session_id: String(rng.int(1e11, 1e12 - 1)) },
  };
  if (spec.details) entry.details = spec.details;
  return entry;
}
