import type { Place } from '../../sdk/simulator/places.js';

/**
 * Places only the Microsoft 365 scenarios use. The tenant's people live where the demo organisation's
 * shared workforce lives (`sdk/simulator/places.ts`); the impossible-travel log-on comes from the shared
 * `FOREIGN_PLACE`. Addresses and coordinates were checked as the shared table's were: the DB-IP lite city
 * database places each address in the city named, inside the ISP's announced ranges.
 */

/** Moscow, Rostelecom (AS12389): where the phished payroll mailbox is signed in to. */
export const PHISHING_PLACE: Place = {
  city: 'moscow', state: 'moscow', country: 'russia', countryIso: 'RU', latitude: 55.7558, longitude: 37.6173, utcOffset: 3, isp: 'PJSC Rostelecom', asn: 12389, ips: ['5.139.206.70', '5.143.233.6'],
};

/** Bucharest, M247 (AS9009): a hosting provider popular with VPN services and password-spray tooling. */
export const SPRAY_PLACE: Place = {
  city: 'bucharest', state: 'bucharest', country: 'romania', countryIso: 'RO', latitude: 44.4268, longitude: 26.1025, utcOffset: 2, isp: 'M247 Europe SRL', asn: 9009, ips: ['31.14.252.70', '31.25.10.70', '23.26.235.70'],
};

/** Amsterdam, NForce Entertainment (AS43350): a hosting provider an adversary-in-the-middle phishing kit replays stolen sessions from. */
export const AITM_PLACE: Place = {
  city: 'amsterdam', state: 'north holland', country: 'netherlands', countryIso: 'NL', latitude: 52.3676, longitude: 4.9041, utcOffset: 1, isp: 'NForce Entertainment B.V.', asn: 43350, ips: ['185.107.56.33', '185.107.57.12'],
};

/**
 * The organisation's business VPN: a dedicated gateway its VPN provider runs in Amsterdam (Datacamp, AS60068, a
 * network Parapet's list knows as VPN exits). Some of the European staff switch it on during the working day. The
 * admin tags the gateway's address as the organisation's VPN, as `parapet intel range add <cidr> --tag vpn` does;
 * tests tag it the same way.
 */
export const CORPORATE_VPN = {
  place: { city: 'amsterdam', state: 'north holland', country: 'netherlands', countryIso: 'NL', latitude: 52.3676, longitude: 4.9041, utcOffset: 1, isp: 'Datacamp Limited', asn: 60068, ips: ['169.150.223.190'] } satisfies Place,
  cidr: '169.150.223.190/32',
  label: 'Corporate VPN gateway (Amsterdam)',
} as const;

/** Proton VPN's Zurich exit (Proton AG, AS209103): the consumer VPN a few people use at home in the evening, on their own laptop. */
export const CONSUMER_VPN_PLACE: Place = {
  city: 'zurich', state: 'zurich', country: 'switzerland', countryIso: 'CH', latitude: 47.3769, longitude: 8.5417, utcOffset: 1, isp: 'Proton AG', asn: 209103, ips: ['185.159.157.10'],
};

/**
 * Addresses a threat-intelligence feed lists (the adversary-in-the-middle kit's servers): what an admin
 * imports with `parapet intel import --kind threat`. Tests import them as the admin would.
 */
export const THREAT_FEED_ADDRESSES: readonly string[] = [...AITM_PLACE.ips];

/** Office addresses of the partner organisations whose people are the tenant's guests (Orange Paris, BT London). */
export const PARTNER_OFFICE_IPS = { paris: '62.160.6.198', london: '5.80.128.6' } as const;

/**
 * A place name as Microsoft writes it (`Seattle`, `New York`, `Ile-de-France`, `State of Berlin`): the
 * shared table keeps names lower case, as DocuSign reports them.
 */
export function microsoftPlaceName(name: string): string {
  const small = new Set(['of', 'de', 'du', 'la']);
  const word = (w: string, first: boolean) => (!first && small.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1));
  return name
    .split(' ')
    .map((part, i) => part.split('-').map((w, j) => word(w, i === 0 && j === 0)).join('-'))
    .join(' ');
}
