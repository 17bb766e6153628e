import type { Place } from '../../sdk/simulator/places.js';
import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';

/** One DocuSign Monitor record (digest §2.4), in the field order DocuSign sends. */
export interface MonitorRecord {
  timestamp: string;
  eventId: string;
  site: string;
  accountId: string;
  organizationId: string;
  userId: string;
  integratorKey: string;
  userAgent: string;
  ipAddress: string;
  ipAddressLocation: { latitude: number; longitude: number; country: string; state: string; city: string } | Record<string, never>;
  object: string;
  action: string;
  property: string;
  field: string;
  result: string;
  source: string;
  referencedUserId: string;
  proxyStatus: string;
  proxyType: string;
  proxyLevel: string;
  latitude?: number;
  longitude?: number;
  city?: string;
  state?: string;
  country?: string;
  data: Record<string, unknown>;
}

/** A record as the simulator keeps it: ordered by when DocuSign ingested it, not by when it happened. */
export interface StoredEvent {
  record: MonitorRecord;
  /** Epoch ms of `record.timestamp`. */
  at: number;
  /** Epoch ms the event became readable from the stream (at + a few seconds to minutes). */
  ingestedAt: number;
  /** Tie-breaker and opaque-cursor position; assigned by the event log. */
  seq: number;
}

export const DOCUSIGN_INTERNAL_KEY = '##DOCUSIGN_INTERNAL_NOT_USED##';

/** ISO-8601 with seven fractional digits, as Monitor writes it (`2023-03-03T09:10:06.0512813Z`). */
export function monitorTimestamp(ms: number, ticks: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_, frac: string) => `.${frac}${String(Math.abs(ticks) % 10_000).padStart(4, '0')}Z`);
}

export interface EventSpec {
  at: number;
  site: string;
  accountId: string;
  organizationId: string;
  userId: string;
  integratorKey?: string;
  userAgent?: string;
  ip?: string;
  place?: Place | null;
  object: string;
  action: string;
  property?: string;
  field?: string;
  result?: string;
  source?: string;
  referencedUserId?: string;
  proxy?: { status: string; type: string; level: string };
  data?: Record<string, unknown>;
  /** Leave out the flattened copies of `ipAddressLocation` (some records, like alerts, do not carry them). */
  noFlatGeo?: boolean;
}

/** Builds a wire-faithful Monitor record and its ingestion time (a few seconds to four minutes later). */
export function buildEvent(spec: EventSpec, rng: SeededRandom): Omit<StoredEvent, 'seq'> {
  const place = spec.place ?? null;
  const location = place
    ? { latitude: place.latitude, longitude: place.longitude, country: place.country, state: place.state, city: place.city }
    : {};
  const record: MonitorRecord = {
    timestamp: monitorTimestamp(spec.at, rng.int(0, 9999)),
    eventId: rng.uuid(),
    site: spec.site,
    accountId: spec.accountId,
    organizationId: spec.organizationId,
    userId: spec.userId,
    integratorKey: spec.integratorKey ?? DOCUSIGN_INTERNAL_KEY,
    userAgent: spec.userAgent ?? '',
    ipAddress: spec.ip ?? '',
    ipAddressLocation: location,
    object: spec.object,
    action: spec.action,
    property: spec.property ?? '',
    field: spec.field ?? '',
    result: spec.result ?? '',
    source: spec.source ?? 'Web',
    referencedUserId: spec.referencedUserId ?? '',
    proxyStatus: spec.proxy?.status ?? '',
    proxyType: spec.proxy?.type ?? '',
    proxyLevel: spec.proxy?.level ?? '',
    ...(place && !spec.noFlatGeo
      ? { latitude: place.latitude, longitude: place.longitude, city: place.city, state: place.state, country: place.country }
      : {}),
    data: spec.data ?? {},
  };
  return { record, at: spec.at, ingestedAt: spec.at + rng.int(3_000, 240_000) };
}
