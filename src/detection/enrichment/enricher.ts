import type { Activity, Geo, IpFlags } from '../../core/activity.js';
import type { AsnDatabase, AsnInfo } from './asn-db.js';
import { CidrIndex } from './cidr-index.js';
import type { GeoDatabase, GeoLookup } from './geo-db.js';
import { isNonRoutable, parseIp, type ParsedIp } from './ip.js';
import type { NetworkKind, NetworkList } from './anonymizer-list.js';
import { userKeyOf } from '../subjects.js';

/** Tags an admin gives IP ranges; other policies honour them (corporate and vpn ranges are trusted). */
export const RANGE_TAGS = ['corporate', 'vpn', 'cloud', 'risky'] as const;
export type RangeTag = (typeof RANGE_TAGS)[number];

/** Range tags that mark the organisation's own egress: every location policy ignores these addresses. */
export const TRUSTED_EGRESS_TAGS: readonly RangeTag[] = ['corporate', 'vpn'];

/** True when the address is in an admin range tagged corporate or vpn (where a person is cannot be read from it). */
export function fromTrustedEgress(intel: Pick<IpIntel, 'rangeTags'>): boolean {
  return intel.rangeTags.some((t) => TRUSTED_EGRESS_TAGS.includes(t));
}

/** Kinds of imported address lists. */
export const INDICATOR_KINDS = ['tor', 'threat', 'anonymizer'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface IpRangeEntry {
  cidr: string;
  tag: RangeTag;
  label: string | null;
}

export interface IndicatorEntry {
  feed: string;
  value: string;
  kind: IndicatorKind;
}

export type AnonymizerKind = 'tor' | 'proxy' | 'anonymous' | 'vpn' | 'relay' | 'hosting';

/** What Parapet knows about an activity's source address, beyond geo and ASN. */
export interface IpIntel {
  /** The address as parsed (port and brackets stripped), or null when missing or unreadable. */
  ip: string | null;
  version: 4 | 6 | null;
  /** False for missing, private, loopback, CGNAT, documentation and multicast addresses. */
  routable: boolean;
  /** Tags of the admin-defined ranges that hold the address. */
  rangeTags: RangeTag[];
  rangeLabels: string[];
  /** The strongest sign that the address hides the person: provider flag, imported list or curated ASN. */
  anonymizer: { kind: AnonymizerKind; source: string; name: string | null } | null;
  /** The curated network entry for the address's ASN (vpn, relay, hosting or cloud). */
  network: { kind: NetworkKind; name: string; asn: number } | null;
  /** Names of the imported threat feeds that list the address. */
  threatFeeds: string[];
  /** How far (km) the looked-up coordinates may be from the address's real place, when the city database says (GeoIP2 `accuracy_radius`). */
  geoAccuracyKm: number | null;
}

/** An activity after enrichment: geo and ASN filled where the provider left them empty, plus IP intel. */
export interface EnrichedActivity {
  activity: Activity;
  intel: IpIntel;
  /**
   * The activity's person as detection keys them (`userKeyOf`), worked out once here: the engine and every
   * policy ask for it, and normalising an e-mail costs more than reading this.
   */
  userKey: string | null;
}

/** Admin ranges and imported indicators, indexed for lookup. Rebuilt when the admin changes them. */
export class IntelIndex {
  readonly ranges = new CidrIndex<IpRangeEntry>();
  readonly indicators = new CidrIndex<IndicatorEntry>();

  static build(ranges: readonly IpRangeEntry[], indicators: readonly IndicatorEntry[]): IntelIndex {
    const index = new IntelIndex();
    for (const r of ranges) index.ranges.add(r.cidr, r);
    for (const i of indicators) index.indicators.add(i.value, i);
    return index;
  }
}

export interface EnricherSources {
  /** City database; null = provider geo only. */
  geo: GeoDatabase | null;
  /** ASN ranges; null = provider ASN only. */
  asn: AsnDatabase | null;
  /** The curated VPN / relay / hosting / cloud ASN list. */
  networks: NetworkList | null;
  intel: IntelIndex;
}

const ANONYMIZER_RANK: Record<AnonymizerKind, number> = { tor: 6, proxy: 5, anonymous: 5, vpn: 4, relay: 2, hosting: 1 };

/** The `source` of what the curated network list says about an address, and the prefix of an imported feed's. */
const NETWORK_LIST_SOURCE = 'parapet:network-list';
const FEED_SOURCE = 'feed:';
const derivedHere = (source: string): boolean => source === NETWORK_LIST_SOURCE || source.startsWith(FEED_SOURCE);

/**
 * Offline enrichment. Provider values win (ACTIVITY-SCHEMA §5 rule 3): a lookup only fills what the
 * provider left empty and never puts looked-up coordinates beside a provider city they do not agree with.
 * Missing, private and IPv6 addresses are handled without error.
 */
export class Enricher {
  /**
   * Database answers by address, kept across pages: the same people's addresses recur page after page and
   * the city and ASN databases do not change while open. Bounded; a found location only (a miss may be a
   * family not opened yet).
   */
  private readonly geoByIp = new Map<string, GeoLookup>();
  private readonly asnByIp = new Map<string, AsnInfo | null>();
  /** Parsed addresses by the text the activity carries (each is parsed for the page's families, then enriched). */
  private readonly parsedByText = new Map<string, ParsedIp | null>();

  constructor(private sources: EnricherSources) {}

  /** Replaces the admin ranges and imported indicators (after `intel range add`, `intel import`). */
  setIntel(intel: IntelIndex): void {
    this.sources = { ...this.sources, intel };
  }

  /** Opens the city database families this page needs (lookups are synchronous afterwards). */
  async prepare(activities: readonly Activity[]): Promise<void> {
    if (!this.sources.geo) return;
    const need = new Set<4 | 6>();
    for (const a of activities) {
      if (a.geo.lat !== null && a.geo.country !== null) continue;
      const ip = this.parse(a.srcIp);
      if (ip && !isNonRoutable(ip)) need.add(ip.version);
    }
    for (const version of need) await this.sources.geo.prepare(version);
  }

  /** `userKey`: the activity's `userKeyOf`, when the caller worked it out already. */
  enrich(activity: Activity, userKey: string | null = userKeyOf(activity)): EnrichedActivity {
    const ip = this.parse(activity.srcIp);
    const intel: IpIntel = { ip: ip?.text ?? null, version: ip?.version ?? null, routable: false, rangeTags: [], rangeLabels: [], anonymizer: null, network: null, threatFeeds: [], geoAccuracyKm: null };
    // Flags this enricher stored at ingest (from the network list or a feed) are derived again below from the
    // same sources, with their kind and name: read back, a relay or a VPN would pass for an anonymous proxy.
    const flags = activity.ipFlags && !derivedHere(activity.ipFlags.source) ? activity.ipFlags : null;
    const offer = (kind: AnonymizerKind, source: string, name: string | null) => {
      if (!intel.anonymizer || ANONYMIZER_RANK[kind] > ANONYMIZER_RANK[intel.anonymizer.kind]) intel.anonymizer = { kind, source, name };
    };
    if (flags?.tor) offer('tor', flags.source, null);
    if (flags?.proxy) offer('proxy', flags.source, null);
    if (flags?.anonymous) offer('anonymous', flags.source, null);
    if (flags?.hosting) offer('hosting', flags.source, null);
    if (!ip) return { activity, intel, userKey };

    for (const range of this.sources.intel.ranges.match(ip)) {
      if (!intel.rangeTags.includes(range.tag)) intel.rangeTags.push(range.tag);
      if (range.label && !intel.rangeLabels.includes(range.label)) intel.rangeLabels.push(range.label);
    }
    for (const hit of this.sources.intel.indicators.match(ip)) {
      if (hit.kind === 'threat') {
        if (!intel.threatFeeds.includes(hit.feed)) intel.threatFeeds.push(hit.feed);
      } else offer(hit.kind === 'tor' ? 'tor' : 'proxy', `${FEED_SOURCE}${hit.feed}`, null);
    }

    intel.routable = !isNonRoutable(ip);
    let enriched = activity;
    if (intel.routable) {
      let asn = activity.asn;
      let asOrg = activity.asOrg;
      if (asn === null && this.sources.asn) {
        let found = this.asnByIp.get(ip.text);
        if (found === undefined) {
          found = this.sources.asn.lookup(ip);
          remember(this.asnByIp, ip.text, found);
        }
        if (found) {
          asn = found.asn;
          asOrg = asOrg ?? found.org;
        }
      }
      const network = asn === null ? undefined : this.sources.networks?.byAsn.get(asn);
      if (network) {
        intel.network = { kind: network.kind, name: network.name, asn: network.asn };
        const kind = network.kind;
        if (kind === 'vpn' || kind === 'relay' || kind === 'hosting') offer(kind, NETWORK_LIST_SOURCE, network.name);
      }
      const geoMissing = activity.geo.country === null || activity.geo.lat === null || activity.geo.city === null;
      // Looked up even when the location is complete: it may be this lookup's, stored at ingest, whose accuracy
      // radius is not stored with it.
      const looked = this.sources.geo ? this.lookupGeo(this.sources.geo, ip) : null;
      const geo = looked && geoMissing ? mergeGeo(activity.geo, looked) : activity.geo;
      if (looked?.accuracyKm != null && geo.lat !== null && geo.lat === looked.lat && geo.lon === looked.lon) intel.geoAccuracyKm = looked.accuracyKm;
      if (geo !== activity.geo || asn !== activity.asn || asOrg !== activity.asOrg) enriched = { ...activity, geo, asn, asOrg };
    }
    if (!enriched.ipFlags && intel.anonymizer) {
      const kind = intel.anonymizer.kind;
      const ipFlags: IpFlags = {
        source: intel.anonymizer.source,
        ...(kind === 'tor' ? { tor: true } : {}),
        ...(kind === 'proxy' || kind === 'vpn' || kind === 'relay' ? { proxy: true, anonymous: true } : {}),
        ...(kind === 'hosting' ? { hosting: true } : {}),
      };
      enriched = { ...enriched, ipFlags };
    }
    return { activity: enriched, intel, userKey };
  }

  private parse(text: string | null): ParsedIp | null {
    if (text === null) return null;
    let parsed = this.parsedByText.get(text);
    if (parsed === undefined) {
      parsed = parseIp(text);
      if (parsed) Object.freeze(parsed);
      remember(this.parsedByText, text, parsed);
    }
    return parsed;
  }

  private lookupGeo(geo: GeoDatabase, ip: ParsedIp): GeoLookup | null {
    const known = this.geoByIp.get(ip.text);
    if (known) return known;
    const found = geo.lookup(ip);
    if (found) remember(this.geoByIp, ip.text, found);
    return found;
  }
}

const MAX_REMEMBERED_ADDRESSES = 50_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_REMEMBERED_ADDRESSES) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

const ISO2 = /^[A-Z]{2}$/;
const same = (a: string | null, b: string | null) => a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Merges the provider's location with a database lookup (ACTIVITY-SCHEMA §5 rule 3):
 * - no provider location at all: the lookup, `source: lookup`;
 * - provider country only: city, region and coordinates from the lookup when it agrees on the country;
 * - provider city without coordinates: the lookup's coordinates only when it names the same city;
 * - a provider country that is not ISO-2 is replaced by the lookup's, the rest of the provider's kept.
 */
export function mergeGeo(provider: Geo, found: GeoLookup): Geo {
  const lookup = { country: found.country, region: found.region, city: found.city, lat: found.lat, lon: found.lon };
  const providerCountry = provider.country !== null && ISO2.test(provider.country) ? provider.country : null;
  const hasProvider = provider.country !== null || provider.city !== null || provider.region !== null || provider.lat !== null;
  if (!hasProvider) return { ...lookup, source: lookup.country || lookup.lat !== null ? 'lookup' : null };
  const country = providerCountry ?? lookup.country ?? provider.country;
  const agreesOnCountry = providerCountry !== null && providerCountry === lookup.country;
  if (provider.lat !== null && provider.lon !== null) return { ...provider, country, source: 'provider' };
  if (provider.city === null && agreesOnCountry) {
    return { country, region: provider.region ?? lookup.region, city: lookup.city, lat: lookup.lat, lon: lookup.lon, source: 'provider' };
  }
  if (provider.city !== null && (agreesOnCountry || providerCountry === null) && same(provider.city, lookup.city)) {
    return { ...provider, country, lat: lookup.lat, lon: lookup.lon, source: 'provider' };
  }
  return { ...provider, country, source: 'provider' };
}
