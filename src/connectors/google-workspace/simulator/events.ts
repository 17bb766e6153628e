import { HOUR, MINUTE } from '../../../core/clock.js';
import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { Place } from '../../sdk/simulator/places.js';
import { uniqueQualifier } from './ids.js';

export type ParamInput = string | number | boolean | string[];

/** One Reports API item as the simulator stores and serves it. */
export interface StoredEvent {
  record: Record<string, unknown>;
  application: string;
  time: number;
  uniqueQualifier: string;
  /** When Google has it ready to serve: Reports events arrive minutes to hours late (digest §3). */
  visibleAt: number;
  sourceId: string;
}

export interface EventSpec {
  application: string;
  at: number;
  actor: { email: string; profileId: string } | null;
  ip?: string | null;
  place?: Place | null;
  type: string;
  name: string;
  params?: Record<string, ParamInput>;
  customerId: string;
  domain: string;
  /** Override the drawn lateness. */
  lagMs?: number;
}

/** `[{name, value | intValue | boolValue | multiValue}]`, as the API writes parameters (intValue is a string). */
function parameters(params: Record<string, ParamInput>): Record<string, unknown>[] {
  return Object.entries(params).map(([name, v]) => {
    if (typeof v === 'boolean') return { name, boolValue: v };
    if (typeof v === 'number') return { name, intValue: String(v) };
    if (Array.isArray(v)) return { name, multiValue: v };
    return { name, value: v };
  });
}

/** How late Google serves an event of this application: sign-in and token events the latest. */
export function drawLag(application: string, rng: SeededRandom): number {
  if (application === 'login' || application === 'token' || application === 'user_accounts') {
    return rng.chance(0.1) ? rng.int(60, 180) * MINUTE : rng.int(2, 20) * MINUTE;
  }
  return rng.int(1, 5) * MINUTE;
}

export function buildEvent(spec: EventSpec, rng: SeededRandom): StoredEvent {
  const uq = uniqueQualifier(rng);
  const time = new Date(spec.at).toISOString();
  const record: Record<string, unknown> = {
    kind: 'admin#reports#activity',
    id: { time, uniqueQualifier: uq, applicationName: spec.application, customerId: spec.customerId },
    etag: `"${uq.replace('-', '').slice(0, 12)}/${spec.at.toString(36)}"`,
    actor: spec.actor ? { callerType: 'USER', email: spec.actor.email, profileId: spec.actor.profileId } : { callerType: 'KEY', key: 'SYSTEM' },
    ownerDomain: spec.domain,
  };
  if (spec.ip) record.ipAddress = spec.ip;
  if (spec.place && spec.ip) record.networkInfo = { ipAsn: [spec.place.asn], regionCode: spec.place.countryIso };
  record.events = [{ type: spec.type, name: spec.name, ...(spec.params && Object.keys(spec.params).length ? { parameters: parameters(spec.params) } : {}) }];
  const lag = spec.lagMs ?? drawLag(spec.application, rng);
  return { record, application: spec.application, time: spec.at, uniqueQualifier: uq, visibleAt: spec.at + Math.min(lag, 6 * HOUR - MINUTE), sourceId: `${time}/${uq}/${spec.application}` };
}
