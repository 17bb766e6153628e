import type { ActivityInput } from '../activity-builder.js';
import { DAY, HOUR } from '../../core/clock.js';

/** Places the built-in policies' examples use: provider-style geo, as Okta or DocuSign would send it. */
export const PLACES = {
  seattle: { srcIp: '50.175.0.111', geo: { country: 'US', region: 'Washington', city: 'Seattle', lat: 47.6061, lon: -122.333 }, asn: 7922, asOrg: 'Comcast Cable Communications' },
  newYork: { srcIp: '100.2.252.212', geo: { country: 'US', region: 'New York', city: 'New York', lat: 40.7831, lon: -73.9713 }, asn: 701, asOrg: 'Verizon' },
  london: { srcIp: '82.38.57.120', geo: { country: 'GB', region: 'England', city: 'London', lat: 51.5072, lon: -0.1276 }, asn: 2856, asOrg: 'British Telecommunications' },
  paris: { srcIp: '194.2.40.245', geo: { country: 'FR', region: 'Ile-de-France', city: 'Paris', lat: 48.8575, lon: 2.3514 }, asn: 3215, asOrg: 'Orange' },
  amsterdam: { srcIp: '62.216.28.65', geo: { country: 'NL', region: 'North Holland', city: 'Amsterdam', lat: 52.3676, lon: 4.9041 }, asn: 1136, asOrg: 'KPN' },
  lagos: { srcIp: '41.220.78.31', geo: { country: 'NG', region: 'Lagos', city: 'Lagos', lat: 6.5244, lon: 3.3792 }, asn: 29465, asOrg: 'MTN Nigeria' },
  vpnAmsterdam: { srcIp: '169.150.223.181', geo: { country: 'NL', region: 'North Holland', city: 'Amsterdam', lat: 52.3676, lon: 4.9041 }, asn: 60068, asOrg: 'Datacamp Limited' },
  /** A Cloudflare egress (WARP, iCloud Private Relay): the network list's `relay`. */
  relayLondon: { srcIp: '104.28.86.10', geo: { country: 'GB', region: 'England', city: 'London', lat: 51.5072, lon: -0.1276 }, asn: 13335, asOrg: 'Cloudflare, Inc.' },
  /** An OVHcloud server (AS16276): the network list's `hosting`, where attackers rent machines; no gateway that hides a person. */
  hostingRoubaix: { srcIp: '51.68.1.1', geo: { country: 'FR', city: 'Roubaix', lat: 50.69, lon: 3.17 }, asn: 16276 },
} as const satisfies Record<string, ActivityInput>;

/** A Tor exit node, and an example's `intel` with the imported feed that lists it. */
export const TOR_EXIT = '185.220.101.4';
export const TOR_FEED = { indicators: [{ feed: 'tor-exits', value: TOR_EXIT, kind: 'tor' as const }] };

/** The day every example's history starts: 2026-01-05 (a Monday), 00:00 UTC. */
export const START = Date.UTC(2026, 0, 5);

/** A user's ordinary history: one sign-in a day at `hour` UTC for `days` days, from `place`. */
export function dailySignIns(email: string, days: number, place: ActivityInput, options: { hour?: number; from?: number; idPrefix?: string } = {}): ActivityInput[] {
  const from = options.from ?? START;
  return Array.from({ length: days }, (_, d) => ({
    id: `${options.idPrefix ?? email.split('@')[0]}-day${d}`,
    action: 'user.login' as const,
    actor: { email },
    time: from + d * DAY + (options.hour ?? 9) * HOUR,
    ...place,
  }));
}

/** Epoch ms `days` after START at `hour`:`minute` UTC. */
export function at(days: number, hour = 9, minute = 0): number {
  return START + days * DAY + hour * HOUR + minute * 60_000;
}

/**
 * An Entra role given to a person as Entra's audit log records it: `eventType` says how ("Add member to
 * role.", "Add member to role completed (PIM activation)", "Add eligible member to role in PIM completed
 * (permanent)"); the actor is the person themselves unless `by` says otherwise.
 */
export function entraRoleGrant(eventType: string, email: string, role: string, time: number, by = email): ActivityInput {
  const name = email.split('@')[0] ?? email;
  return {
    provider: 'microsoft365',
    app: 'Entra ID',
    action: 'admin.role_assigned',
    eventType,
    actor: { email: by },
    targets: [{ type: 'user', id: `u-${name}`, name: null, email }, { type: 'role', id: null, name: role }],
    time,
  };
}
