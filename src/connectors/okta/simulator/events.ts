import type { Place } from '../../sdk/simulator/places.js';
import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { SimUser } from './tenant.js';

/** One System Log record as `GET /api/v1/logs` returns it (digest §4). */
export type LogEvent = Record<string, unknown> & { uuid: string; published: string; eventType: string };

/** A record of the log plus when it became readable: Okta persists some events seconds to minutes after `published`. */
export interface StoredEvent {
  at: number;
  visibleAt: number;
  record: LogEvent;
}

const title = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

export interface Where {
  place: Place;
  ip: string;
  userAgent: string;
  device?: 'Computer' | 'Mobile';
}

export const MOBILE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
export const OKTA_VERIFY_UA = 'OktaVerify/9.22.0 iOS/17.4 iPhone14,5';

function browserOf(ua: string): { os: string; browser: string } {
  const os = /iPhone/.test(ua) ? 'iOS' : /Macintosh/.test(ua) ? 'Mac OS X' : /Windows/.test(ua) ? 'Windows 10' : 'Unknown';
  const browser = /Edg\//.test(ua) ? 'EDGE' : /Firefox/.test(ua) ? 'FIREFOX' : /Chrome/.test(ua) ? 'CHROME' : /Safari/.test(ua) ? 'SAFARI' : 'UNKNOWN';
  return { os, browser };
}

export function actorOf(user: SimUser): Record<string, unknown> {
  return { id: user.id, type: 'User', alternateId: user.person.email, displayName: `${user.person.firstName} ${user.person.lastName}`, detailEntry: null };
}

export function userTarget(user: SimUser): Record<string, unknown> {
  return { id: user.id, type: 'User', alternateId: user.person.email, displayName: `${user.person.firstName} ${user.person.lastName}`, detailEntry: null };
}

export interface EventSpec {
  at: number;
  eventType: string;
  displayMessage: string;
  legacyEventType?: string | null;
  actor: SimUser | Record<string, unknown>;
  where: Where | null;
  result?: 'SUCCESS' | 'FAILURE' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'SKIPPED';
  reason?: string | null;
  severity?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  targets?: Record<string, unknown>[] | null;
  sessionId?: string | null;
  credentialType?: string | null;
  debugData?: Record<string, unknown>;
  transactionType?: 'WEB' | 'JOB';
}

/** Builds a LogEvent in Okta's exact shape (digest §4), with ids drawn from `rng`. */
export function logEvent(spec: EventSpec, rng: SeededRandom): LogEvent {
  const actor = 'person' in spec.actor ? actorOf(spec.actor as SimUser) : spec.actor;
  const w = spec.where;
  const requestId = `Z${rng.uuid().replace(/-/g, '').slice(0, 26)}`;
  const geo = w
    ? { city: title(w.place.city), state: title(w.place.state), country: title(w.place.country), postalCode: null, geolocation: { lat: w.place.latitude, lon: w.place.longitude } }
    : null;
  const ua = w ? browserOf(w.userAgent) : null;
  return {
    uuid: rng.uuid(),
    published: new Date(spec.at).toISOString(),
    eventType: spec.eventType,
    version: '0',
    severity: spec.severity ?? 'INFO',
    legacyEventType: spec.legacyEventType ?? null,
    displayMessage: spec.displayMessage,
    actor,
    client: w
      ? { userAgent: { rawUserAgent: w.userAgent, os: ua?.os, browser: ua?.browser }, zone: 'null', device: w.device ?? (/iPhone|Android/.test(w.userAgent) ? 'Mobile' : 'Computer'), id: null, ipAddress: w.ip, geographicalContext: geo }
      : { userAgent: null, zone: null, device: null, id: null, ipAddress: null, geographicalContext: null },
    device: null,
    authenticationContext: {
      authenticationProvider: spec.credentialType ? 'FACTOR_PROVIDER' : null,
      credentialProvider: spec.credentialType === 'OTP' ? 'GOOGLE' : spec.credentialType ? 'OKTA_CREDENTIAL_PROVIDER' : null,
      credentialType: spec.credentialType ?? null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      rootSessionId: spec.sessionId ?? null,
      externalSessionId: spec.sessionId ?? 'unknown',
    },
    outcome: { result: spec.result ?? 'SUCCESS', reason: spec.reason ?? null },
    securityContext: w ? { asNumber: w.place.asn, asOrg: w.place.isp.toLowerCase(), isp: w.place.isp.toLowerCase(), domain: null, isProxy: false } : { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    debugContext: { debugData: { requestId, requestUri: '/api/v1/authn', url: '/api/v1/authn?', ...spec.debugData } },
    transaction: { type: spec.transactionType ?? 'WEB', id: requestId, detail: {} },
    request: { ipChain: w ? [{ ip: w.ip, geographicalContext: geo, version: 'V4', source: null }] : [] },
    target: spec.targets ?? null,
  } as LogEvent;
}
