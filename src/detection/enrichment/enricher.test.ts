import { describe, expect, it } from 'vitest';
import { buildActivity } from '../activity-builder.js';
import { Enricher, IntelIndex, mergeGeo } from './enricher.js';
import { openEnricher } from './open-enricher.js';
import { loadNetworkList } from './anonymizer-list.js';
import type { GeoDatabase } from './geo-db.js';

const empty = { country: null, region: null, city: null, lat: null, lon: null, source: null };
const lagos = { country: 'NG', region: 'Lagos', city: 'Lagos', lat: 6.45, lon: 3.39 };

describe('mergeGeo (provider geo wins, lookup fills only what is missing)', () => {
  it('uses the lookup when the provider said nothing', () => {
    expect(mergeGeo(empty, lagos)).toEqual({ ...lagos, source: 'lookup' });
  });
  it('keeps a provider location with coordinates as it is', () => {
    const provider = { country: 'US', region: 'washington', city: 'seattle', lat: 47.6, lon: -122.3, source: 'provider' as const };
    expect(mergeGeo(provider, lagos)).toEqual(provider);
  });
  it('fills city and coordinates for a provider country only when the lookup agrees on the country', () => {
    expect(mergeGeo({ ...empty, country: 'NG', source: 'provider' }, lagos)).toEqual({ ...lagos, source: 'provider' });
    expect(mergeGeo({ ...empty, country: 'FR', source: 'provider' }, lagos)).toEqual({ ...empty, country: 'FR', source: 'provider' });
  });
  it('never puts looked-up coordinates beside a different provider city', () => {
    const provider = { ...empty, country: 'NG', city: 'Abuja', source: 'provider' as const };
    expect(mergeGeo(provider, lagos)).toEqual(provider);
    expect(mergeGeo({ ...provider, city: 'lagos' }, lagos)).toMatchObject({ city: 'lagos', lat: 6.45, lon: 3.39 });
  });
  it('replaces a provider country that is not ISO-2 by the looked-up one', () => {
    expect(mergeGeo({ ...empty, country: 'nigeria', source: 'provider' }, lagos).country).toBe('NG');
  });
});

describe('Enricher', () => {
  const intel = IntelIndex.build(
    [
      { cidr: '10.0.0.0/8', tag: 'corporate', label: 'HQ LAN' },
      { cidr: '198.51.100.0/24', tag: 'vpn', label: 'Corporate VPN' },
    ],
    [
      { feed: 'tor', value: '185.220.101.1', kind: 'tor' },
      { feed: 'abuse', value: '45.95.0.0/16', kind: 'threat' },
    ],
  );

  it('fills geo and ASN offline for a public address and names its network', async () => {
    const { enricher } = openEnricher();
    const a = buildActivity({ srcIp: '169.150.223.181' });
    await enricher.prepare([a]);
    const { activity, intel: found } = enricher.enrich(a);
    expect(activity.asn).toBe(60068);
    expect(activity.geo.source).toBe('lookup');
    expect(activity.geo.country).toMatch(/^[A-Z]{2}$/);
    expect(found.network).toMatchObject({ kind: 'vpn', asn: 60068 });
    expect(found.anonymizer).toMatchObject({ kind: 'vpn', source: 'parapet:network-list' });
    expect(activity.ipFlags).toMatchObject({ proxy: true, anonymous: true, source: 'parapet:network-list' });
  });

  it("honours the provider's own proxy flag and keeps its location", () => {
    const enricher = new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel });
    const a = buildActivity({ srcIp: '81.2.69.160', geo: { country: 'GB', city: 'London' }, ipFlags: { proxy: true, source: 'okta' } });
    const out = enricher.enrich(a);
    expect(out.intel.anonymizer).toEqual({ kind: 'proxy', source: 'okta', name: null });
    expect(out.activity.geo).toEqual(a.geo);
    expect(out.activity.ipFlags).toEqual({ proxy: true, source: 'okta' });
  });

  it('applies admin range tags and imported feeds, including to private addresses', () => {
    const enricher = new Enricher({ geo: null, asn: null, networks: null, intel });
    expect(enricher.enrich(buildActivity({ srcIp: '10.4.4.4' })).intel).toMatchObject({ routable: false, rangeTags: ['corporate'], rangeLabels: ['HQ LAN'] });
    expect(enricher.enrich(buildActivity({ srcIp: '198.51.100.9' })).intel.rangeTags).toEqual(['vpn']);
    expect(enricher.enrich(buildActivity({ srcIp: '185.220.101.1' })).intel.anonymizer).toEqual({ kind: 'tor', source: 'feed:tor', name: null });
    expect(enricher.enrich(buildActivity({ srcIp: '45.95.3.3' })).intel.threatFeeds).toEqual(['abuse']);
  });

  it('handles missing, malformed, private and IPv6 addresses without error', async () => {
    const { enricher } = openEnricher();
    const inputs = [null, 'garbage', '192.168.1.1', 'fe80::1', '2a00:1450:4001:80b::200e', '[2a00:1450:4001:80b::200e]:443'].map((srcIp) => buildActivity({ srcIp }));
    await enricher.prepare(inputs);
    const out = inputs.map((a) => enricher.enrich(a));
    expect(out[0]?.intel.ip).toBeNull();
    expect(out[1]?.intel.ip).toBeNull();
    expect(out[2]?.activity.geo.source).toBeNull();
    expect(out[3]?.intel.routable).toBe(false);
    expect(out[4]?.activity.asn).toBe(15169);
    expect(out[5]?.intel.ip).toBe('2a00:1450:4001:80b::200e');
  });
});

describe('an activity enriched at ingest (what the sync stores) reads as the same intel at detection', () => {
  it("gives each address the intel it had before it was stored: the network list's kind and name, feeds, the provider's flags", () => {
    const intel = IntelIndex.build([{ cidr: '198.51.100.0/24', tag: 'vpn', label: 'Corporate VPN' }], [
      { feed: 'tor', value: '185.220.101.1', kind: 'tor' },
      { feed: 'proxies', value: '45.95.0.0/16', kind: 'anonymizer' },
    ]);
    const enricher = new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel });
    const inputs = [
      buildActivity({ srcIp: '169.150.223.181', asn: 60068 }), // a commercial VPN
      buildActivity({ srcIp: '104.28.86.10', asn: 13335 }), // iCloud Private Relay / WARP
      buildActivity({ srcIp: '95.216.1.1', asn: 24940 }), // a hosting provider
      buildActivity({ srcIp: '185.220.101.1' }), // Tor, from a feed
      buildActivity({ srcIp: '45.95.3.3' }), // a proxy, from a feed
      buildActivity({ srcIp: '169.150.223.181', asn: 60068, ipFlags: { anonymous: true, source: 'provider' } }), // the provider's flag wins
      buildActivity({ srcIp: '198.51.100.9', asn: 60068 }), // the organisation's VPN range over a listed network
    ];
    for (const a of inputs) {
      const atIngest = enricher.enrich(a);
      expect(enricher.enrich(atIngest.activity).intel, a.srcIp ?? '').toEqual(atIngest.intel);
    }
  });

  it('keeps the accuracy radius of a location looked up at ingest', () => {
    const lookup = { country: 'US', region: 'Colorado', city: 'Denver', lat: 39.74, lon: -104.99, accuracyKm: 500 };
    const enricher = new Enricher({ geo: { prepare: async () => undefined, lookup: () => lookup } as unknown as GeoDatabase, asn: null, networks: null, intel: IntelIndex.build([], []) });
    for (const geo of [undefined, { country: 'US' }]) {
      const atIngest = enricher.enrich(buildActivity({ srcIp: '12.34.56.78', ...(geo ? { geo } : {}) }));
      expect(atIngest.intel.geoAccuracyKm).toBe(500);
      expect(enricher.enrich(atIngest.activity).intel).toEqual(atIngest.intel);
    }
  });
});

describe('accuracy radius of a lookup', () => {
  const geo = (accuracyKm: number | null) =>
    ({ prepare: async () => undefined, lookup: () => ({ country: 'US', region: 'Colorado', city: 'Denver', lat: 39.74, lon: -104.99, accuracyKm }) }) as unknown as GeoDatabase;

  it('passes a GeoIP2 accuracy_radius on as intel, not onto the Activity', () => {
    const enricher = new Enricher({ geo: geo(500), asn: null, networks: null, intel: IntelIndex.build([], []) });
    const { activity, intel } = enricher.enrich(buildActivity({ srcIp: '12.34.56.78' }));
    expect(intel.geoAccuracyKm).toBe(500);
    expect(activity.geo).toEqual({ country: 'US', region: 'Colorado', city: 'Denver', lat: 39.74, lon: -104.99, source: 'lookup' });
  });

  it('has none when the provider gave the coordinates or the file does not say', () => {
    const withRadius = new Enricher({ geo: geo(500), asn: null, networks: null, intel: IntelIndex.build([], []) });
    expect(withRadius.enrich(buildActivity({ srcIp: '12.34.56.78', geo: { country: 'US', city: 'Boston', lat: 42.36, lon: -71.06 } })).intel.geoAccuracyKm).toBeNull();
    const dbip = new Enricher({ geo: geo(null), asn: null, networks: null, intel: IntelIndex.build([], []) });
    expect(dbip.enrich(buildActivity({ srcIp: '12.34.56.78' })).intel.geoAccuracyKm).toBeNull();
  });
});
