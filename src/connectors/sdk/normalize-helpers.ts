import { isIP } from 'node:net';
import { ocsfFor, type Action, type Geo, type ProviderId } from '../../core/activity.js';
import type { NormalizedActivity } from './define-connector.js';
import { jsonExcerpt, type RecordBreach } from './record-bounds.js';

/** Shared building blocks for every connector's pure, total `normalize`. */

export const EMPTY_GEO: Geo = { country: null, region: null, city: null, lat: null, lon: null, source: null };

export interface ActivitySeed {
  provider: ProviderId;
  app: string;
  sourceId: string;
  time: number;
  originalTime: string;
  action: Action;
  eventType: string;
  raw: Record<string, unknown>;
}

/** An Activity with every optional field empty; connectors fill in what their record carries. */
export function baseActivity(seed: ActivitySeed): NormalizedActivity {
  return {
    provider: seed.provider,
    app: seed.app,
    tenantId: null,
    sourceId: seed.sourceId,
    time: seed.time,
    originalTime: seed.originalTime,
    ocsf: ocsfFor(seed.action),
    severityId: 1,
    action: seed.action,
    eventType: seed.eventType,
    message: null,
    outcome: 'unknown',
    outcomeReason: null,
    outcomeCode: null,
    actor: { userId: null, email: null, name: null, type: 'unknown', isAdmin: null, appId: null, appName: null },
    impersonator: null,
    service: null,
    targets: [],
    srcIp: null,
    srcPort: null,
    ipVersion: null,
    geo: { ...EMPTY_GEO },
    asn: null,
    asOrg: null,
    isp: null,
    ipFlags: null,
    userAgent: null,
    ua: { os: null, browser: null, device: null },
    device: null,
    sessionId: null,
    correlationId: null,
    auth: { mfa: null, protocol: null, interactive: null, method: null },
    raw: seed.raw,
  };
}

/** Sets `action` and its OCSF class together, keeping them consistent. */
export function withAction(activity: NormalizedActivity, action: Action): NormalizedActivity {
  return { ...activity, action, ocsf: ocsfFor(action) };
}

/** A plain object, or null: provider records are `unknown` until looked at. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  // Only plain objects, as JSON.parse makes them: an object whose prototype was replaced (an assigned
  // "__proto__") is not one, and no Activity may carry it as `raw`.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? (value as Record<string, unknown>) : null;
}

/** A non-empty string, or null. */
export function str(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * Text of any JSON value, for display and hashing: what String() gives a primitive or an ordinary object, and
 * never a throw — String() throws on JSON such as {"toString":0}, whose own property shadows the prototype's.
 */
export function textOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? (JSON.stringify(value) ?? '') : Object.prototype.toString.call(value);
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function lowerEmail(value: unknown): string | null {
  const s = str(value);
  return s ? s.trim().toLowerCase() : null;
}

/**
 * Parses a provider timestamp to epoch ms (UTC). Zone-less times are UTC; fractions beyond milliseconds
 * are truncated. Returns null when the text is not a time.
 */
export function parseProviderTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== 'string' || value.length < 10) return null;
  let text = value.trim().replace(' ', 'T');
  text = text.replace(/(\.\d{3})\d+/, '$1');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00Z';
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** `::ffff:192.0.2.1` (an IPv4 client seen through an IPv6 socket) is the IPv4 address it carries. */
function unmapIpv4(ip: string): { ip: string; version: 4 | 6 } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] && isIP(mapped[1]) === 4 ? { ip: mapped[1], version: 4 } : { ip, version: 6 };
}

/**
 * Splits `1.2.3.4:5678`, `[2001:db8::1]:443` and plain addresses; IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * bracketed or not) yields the IPv4 address. Null when it is not an IP.
 */
export function parseIpAndPort(value: unknown): { ip: string; port: number | null; version: 4 | 6 } | null {
  const text = str(value)?.trim();
  if (!text) return null;
  const direct = isIP(text);
  if (direct === 4) return { ip: text, port: null, version: 4 };
  if (direct === 6) return { ...unmapIpv4(text), port: null };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed?.[1] && isIP(bracketed[1]) === 6) {
    return { ...unmapIpv4(bracketed[1]), port: bracketed[2] ? Number(bracketed[2]) : null };
  }
  const v4port = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
  if (v4port?.[1] && isIP(v4port[1]) === 4) return { ip: v4port[1], port: Number(v4port[2]), version: 4 };
  return null;
}

/** Fills srcIp / srcPort / ipVersion from a provider's client-IP field (on the activity being built). */
export function withSourceIp(activity: NormalizedActivity, value: unknown): NormalizedActivity {
  const parsed = parseIpAndPort(value);
  if (!parsed) return activity;
  activity.srcIp = parsed.ip;
  activity.srcPort = parsed.port;
  activity.ipVersion = parsed.version;
  return activity;
}

let countryIndex: Map<string, string> | null = null;

function buildCountryIndex(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const index = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      // Deprecated codes (UK, FX, SU, YU, ZR...) share a name with the current one and must not win it;
      // groupings (EU, UN, ZZ...) are not countries.
      if (!name || name === code || canonicalRegion(code) !== code || NOT_COUNTRIES.has(code)) continue;
      index.set(name.toLowerCase(), code);
    }
  }
  // Common spellings providers use that differ from CLDR's English names.
  const aliases: Record<string, string> = {
    'united states of america': 'US', usa: 'US', 'u.s.': 'US', 'united kingdom of great britain and northern ireland': 'GB',
    uk: 'GB', 'great britain': 'GB', england: 'GB', 'russian federation': 'RU', 'south korea': 'KR', 'korea, republic of': 'KR',
    'north korea': 'KP', 'viet nam': 'VN', 'iran, islamic republic of': 'IR', czechia: 'CZ', 'czech republic': 'CZ',
    'the netherlands': 'NL', holland: 'NL', 'hong kong sar china': 'HK', 'taiwan, province of china': 'TW', turkey: 'TR',
    'türkiye': 'TR', 'ivory coast': 'CI', 'uae': 'AE', 'macedonia': 'MK', 'burma': 'MM', 'swaziland': 'SZ',
  };
  for (const [alias, code] of Object.entries(aliases)) index.set(alias, code);
  return index;
}

const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

/** The current code for a region code (`UK` -> `GB`), or null when it is not one. */
function canonicalRegion(code: string): string | null {
  try {
    return new Intl.Locale(`und-${code}`).region ?? null;
  } catch {
    return null;
  }
}

/** ISO-3166-1 alpha-2 (upper) from a code or an English country name; null when unknown. */
export function countryToIso2(value: unknown): string | null {
  const text = str(value)?.trim();
  if (!text) return null;
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = canonicalRegion(text.toUpperCase()) ?? '';
    countryIndex ??= buildCountryIndex();
    return [...countryIndex.values()].includes(code) ? code : null;
  }
  countryIndex ??= buildCountryIndex();
  return countryIndex.get(text.toLowerCase()) ?? null;
}

// Place names repeat endlessly in audit trails; a bounded cache keeps title-casing off the hot path.
const placeNames = new Map<string, string>();

/** Title-cases a provider's lower-cased place name (`new york` -> `New York`). */
export function placeName(value: unknown): string | null {
  const text = str(value)?.trim();
  if (!text) return null;
  let name = placeNames.get(text);
  if (name === undefined) {
    name = text.replace(/(^|[^\p{L}\p{M}'’])(\p{L})/gu, (_, before: string, c: string) => before + c.toUpperCase());
    if (placeNames.size >= 10_000) placeNames.clear();
    placeNames.set(text, name);
  }
  return name;
}

/** A fallback Activity for a record nothing could be read from: keeps it, never throws. */
export function unreadableActivity(provider: ProviderId, app: string, record: unknown, now: number): NormalizedActivity {
  const raw = asRecord(record) ?? { value: record as unknown };
  const text = JSON.stringify(raw) ?? 'null';
  return baseActivity({
    provider,
    app,
    sourceId: `unreadable:${hashText(text)}`,
    time: now,
    originalTime: '',
    action: 'other',
    eventType: 'unreadable',
    raw,
  });
}

/**
 * A record out of bounds (see record-bounds): an `other` activity whose raw holds a flagged excerpt, with
 * the record's own id when it has one at the top level, else a hash of the excerpt.
 */
export function oversizedActivity(provider: ProviderId, app: string, record: unknown, now: number, breach: RecordBreach): NormalizedActivity {
  const excerpt = jsonExcerpt(record);
  const top = asRecord(record);
  const ownId = top ? (['id', 'Id', 'eventId', 'uuid'] as const).map((k) => top[k]).find((v) => typeof v === 'string' || typeof v === 'number') : undefined;
  return baseActivity({
    provider,
    app,
    sourceId: ownId !== undefined ? String(ownId) : `oversized:${hashText(excerpt)}`,
    time: now,
    originalTime: '',
    action: 'other',
    eventType: 'oversized',
    raw: { parapetTruncated: true, reason: breach.reason, detail: breach.detail, excerpt },
  });
}

/** FNV-1a: a stable id for records that carry none. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A boolean from a provider value: JSON booleans and the strings `true`/`false` (any case); else null. */
export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return null;
}

/**
 * Whether a setting's new value means it was switched off (`false`, `off`, `0`, `no`, `none`, `disabled`,
 * `optional`, `not required`, `unchecked`, any case): how Slack and Zoom tell a requirement such as MFA being
 * dropped from one being tightened.
 */
export function isSwitchedOff(value: unknown): boolean {
  return SWITCHED_OFF.test(textOf(value).trim());
}

const SWITCHED_OFF = /^(false|off|0|no|none|disabled?|optional|not[ _]?required|unchecked)$/i;

/**
 * Files an `other` activity under the OCSF class the record is known to belong to, with activity 99
 * (ACTIVITY-SCHEMA.md §5 rule 1: e.g. an unknown SharePoint file operation is 6006/99, not 6003/99).
 */
export function withOtherClass(activity: NormalizedActivity, classUid: number): NormalizedActivity {
  if (activity.action !== 'other') return activity;
  return { ...activity, ocsf: { classUid, activityId: 99, categoryUid: Math.floor(classUid / 1000) } };
}

/**
 * A table looked up with keys taken from provider records (operation names, workloads, app ids): it has no
 * prototype, so a record naming "__proto__", "constructor" or "toString" finds nothing instead of one of
 * Object's own properties.
 */
export function lookupTable<V>(entries: Record<string, V>): Readonly<Record<string, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}
