import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { Place } from '../../sdk/simulator/places.js';
import { ORG } from './tenant.js';

/** One audit-log event as GitHub returns it (epoch-ms times, free-form event fields). */
export type AuditRecord = Record<string, unknown> & { '@timestamp': number; _document_id: string; action: string };

export interface StoredEvent {
  record: AuditRecord;
  /** Epoch ms (= `@timestamp`). */
  created: number;
  /** When the audit log starts returning it: most at once, some Git events minutes late. */
  visibleAt: number;
  /** Order among events of the same millisecond. */
  seq: number;
}

export interface EventSpec {
  at: number;
  action: string;
  actor: { login: string; id: number } | null;
  ip?: string | null;
  place?: Place | null;
  userAgent?: string | null;
  fields?: Record<string, unknown>;
  /** Milliseconds after `at` the event becomes visible. @default 0 */
  lateByMs?: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function documentId(rng: SeededRandom): string {
  let s = '';
  for (let i = 0; i < 22; i++) s += ALPHABET[rng.int(0, 63)];
  return s;
}

function requestId(rng: SeededRandom): string {
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[rng.int(0, 15)]).join('');
  return `${hex(4)}:${hex(4)}:${hex(6)}:${hex(6)}:${hex(8)}`;
}

const OPERATION: Record<string, string> = { create: 'create', add: 'create', invite: 'create', destroy: 'remove', remove: 'remove', clone: 'access', fetch: 'access', push: 'modify', sso: 'authentication', grant: 'create', revoke: 'remove' };

function operationType(action: string): string {
  const verb = (action.split('.')[1] ?? '').split('_')[0] ?? '';
  return OPERATION[verb] ?? 'modify';
}

/** Builds one event with the fields every GitHub audit event carries, then the event's own. */
export function buildEvent(spec: EventSpec, rng: SeededRandom): Omit<StoredEvent, 'seq'> {
  const record: AuditRecord = {
    '@timestamp': spec.at,
    _document_id: documentId(rng),
    action: spec.action,
    ...(spec.actor ? { actor: spec.actor.login, actor_id: spec.actor.id, actor_is_bot: spec.actor.login.endsWith('[bot]') } : {}),
    ...(spec.ip ? { actor_ip: spec.ip } : {}),
    actor_location: spec.place ? { country_code: spec.place.countryIso } : {},
    business: 'northwind',
    business_id: 4242,
    created_at: spec.at,
    operation_type: operationType(spec.action),
    org: ORG.login,
    org_id: ORG.id,
    request_id: requestId(rng),
    ...(spec.userAgent ? { user_agent: spec.userAgent } : {}),
    ...spec.fields,
  };
  return { record, created: spec.at, visibleAt: spec.at + (spec.lateByMs ?? 0) };
}
