import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { dropboxEventId } from '../event-id.js';
import type { SimApp, SimMember, Tenant } from './tenant.js';

/** One team_log event as Dropbox serves it (digest §4), with what the simulator needs to serve it. */
export interface SimEvent {
  id: string;
  /** Epoch ms it happened (whole seconds, as `timestamp`). */
  at: number;
  /** Epoch ms it shows up in the team log: late events show up minutes after they happened. */
  arrival: number;
  category: string;
  /** Order of insertion: ties of `arrival` break on it. */
  seq: number;
  record: Record<string, unknown>;
}

export type AccessKind = 'web' | 'desktop' | 'mobile' | 'admin_console' | 'api';

export interface EventSpec {
  at: number;
  type: string;
  description: string;
  category: string;
  /** A member (as user, or as admin with `asAdmin`), an app, or Dropbox itself. */
  actor: SimMember | { app: SimApp } | 'dropbox';
  asAdmin?: boolean;
  ip?: string | null;
  geo?: { city: string; region: string; country: string } | null;
  access?: AccessKind;
  sessionId?: string | null;
  /** The member the event is about (`context`), when not the actor. */
  context?: SimMember | 'team' | null;
  participants?: Record<string, unknown>[];
  assets?: Record<string, unknown>[];
  involveNonTeamMember?: boolean;
  details?: Record<string, unknown>;
  /** Minutes after `at` it arrives in the log. @default 0 */
  lateMinutes?: number;
}

export function userInfo(m: SimMember): Record<string, unknown> {
  return { '.tag': 'team_member', account_id: m.accountId, display_name: `${m.person.firstName} ${m.person.lastName}`, email: m.person.email, team_member_id: m.teamMemberId };
}

export function fileAsset(path: string, fileId: string, nsId: string): Record<string, unknown> {
  const name = path.split('/').pop() ?? path;
  return { '.tag': 'file', path: { contextual: path, namespace_relative: { ns_id: nsId, relative_path: path, is_shared_namespace: false } }, display_name: name, file_id: fileId };
}

function titleCase(s: string): string {
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}

export function geoOf(m: SimMember): { city: string; region: string; country: string } {
  return { city: titleCase(m.person.place.city), region: titleCase(m.person.place.state), country: m.person.place.countryIso };
}

function accessMethod(kind: AccessKind, sessionId: string): Record<string, unknown> {
  switch (kind) {
    case 'admin_console':
      return { '.tag': 'admin_console', session_id: sessionId };
    case 'api':
      return { '.tag': 'api', request_id: sessionId };
    default:
      return { '.tag': 'end_user', end_user: { '.tag': kind, session_id: sessionId } };
  }
}

const SESSION_PREFIX: Record<AccessKind, string> = { web: 'dbwsid', desktop: 'dbdsid', mobile: 'dbmsid', admin_console: 'dbwsid', api: 'dbapid' };

/** Builds a TeamEvent in Dropbox's wire shape. */
export function buildEvent(tenant: Tenant, spec: EventSpec, rng: SeededRandom, seq: number): SimEvent {
  const at = Math.floor(spec.at / 1000) * 1000;
  let actor: Record<string, unknown>;
  if (spec.actor === 'dropbox') actor = { '.tag': 'dropbox' };
  else if ('app' in spec.actor) actor = { '.tag': 'app', app: { '.tag': 'team_linked_app', app_id: spec.actor.app.id, display_name: spec.actor.app.name } };
  else actor = spec.asAdmin ? { '.tag': 'admin', admin: userInfo(spec.actor) } : { '.tag': 'user', user: userInfo(spec.actor) };
  const member = spec.actor !== 'dropbox' && !('app' in spec.actor) ? spec.actor : null;
  const access = spec.access ?? (spec.asAdmin ? 'admin_console' : 'web');
  const record: Record<string, unknown> = { timestamp: new Date(at).toISOString().replace('.000Z', 'Z'), event_category: { '.tag': spec.category }, actor };
  if (spec.ip !== null && member) {
    const geo = spec.geo ?? geoOf(member);
    record.origin = {
      geo_location: { city: geo.city, region: geo.region, country: geo.country, ip_address: spec.ip ?? member.person.ip },
      access_method: accessMethod(access, spec.sessionId ?? `${SESSION_PREFIX[access]}:${rng.int(1e14, 9e14)}`),
    };
  }
  record.involve_non_team_member = spec.involveNonTeamMember ?? false;
  const context = spec.context === undefined ? member : spec.context;
  record.context = context === 'team' || context === null ? { '.tag': 'team' } : userInfo(context);
  record.participants = spec.participants ?? [];
  record.assets = spec.assets ?? [];
  record.event_type = { '.tag': spec.type, description: spec.description };
  record.details = { '.tag': `${spec.type}_details`, ...spec.details };
  return { id: dropboxEventId(record), at, arrival: at + (spec.lateMinutes ?? 0) * 60_000, category: spec.category, seq, record };
}
