import { HOUR } from '../../../core/clock.js';
import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { eventId, type ExternalUser, type SimUser, type Tenant } from './tenant.js';

/** One enterprise event as Box serves it (digest §4), with when it happened and when Box recorded it. */
export interface SimEvent {
  at: number;
  /** When it became readable in `admin_logs` (Box's stream is laggy: some events arrive hours late). */
  recordedAt: number;
  record: Record<string, unknown>;
}

/** Box answers in the enterprise's time zone (Pacific here), with its offset: `2025-02-24T08:10:18-08:00`. */
export function boxLocalTime(ms: number, offsetHours = -8): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + offsetHours * HOUR).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  return `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
}

export function userMini(user: SimUser): Record<string, unknown> {
  return { type: 'user', id: user.id, name: `${user.person.firstName} ${user.person.lastName}`, login: user.person.email };
}

export function externalMini(user: ExternalUser): Record<string, unknown> {
  return { type: 'user', id: user.id, name: user.name, login: user.login };
}

export interface EventSpec {
  at: number;
  type: string;
  by: SimUser | null;
  ip?: string | null;
  source?: Record<string, unknown> | null;
  accessibleBy?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
  /** Minutes Box takes to record it. @default 0..2 */
  lagMinutes?: number;
}

const BOX_SYSTEM = { type: 'user', id: '2', name: 'Anonymous User', login: '' };

export function buildEvent(tenant: Tenant, spec: EventSpec, rng: SeededRandom): SimEvent {
  const record: Record<string, unknown> = {
    type: 'event',
    event_id: eventId(rng),
    event_type: spec.type,
    created_at: boxLocalTime(spec.at),
    created_by: spec.by ? { ...userMini(spec.by), enterprise: { type: 'enterprise', id: tenant.enterprise.id, name: tenant.enterprise.name } } : BOX_SYSTEM,
    action_by: null,
    ip_address: spec.ip ?? (spec.by ? spec.by.person.ip : 'Unknown IP'),
    session_id: spec.by ? String(rng.int(1e9, 9e9)) : null,
    source: spec.source ?? null,
    accessible_by: spec.accessibleBy ?? null,
    additional_details: spec.details ?? null,
  };
  const lag = spec.lagMinutes ?? rng.int(0, 2);
  return { at: spec.at, recordedAt: spec.at + lag * 60_000 + rng.int(0, 59_000), record };
}

export function fileSource(rng: SeededRandom, name: string, owner: SimUser): Record<string, unknown> {
  return {
    item_type: 'file',
    item_id: String(rng.int(1e11, 9e11)),
    item_name: name,
    parent: { type: 'folder', id: String(rng.int(1e11, 9e11)), name: 'Matters' },
    owned_by: userMini(owner),
  };
}

export function folderSource(rng: SeededRandom, name: string, owner: SimUser): Record<string, unknown> {
  return {
    item_type: 'folder',
    item_id: String(rng.int(1e11, 9e11)),
    item_name: name,
    parent: { type: 'folder', id: '0', name: 'All Files' },
    owned_by: userMini(owner),
  };
}

export function userSource(user: SimUser): Record<string, unknown> {
  return { type: 'user', id: user.id, name: `${user.person.firstName} ${user.person.lastName}`, login: user.person.email };
}
