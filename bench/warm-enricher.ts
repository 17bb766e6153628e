import { buildActivity } from '../src/detection/activity-builder.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import type { Enricher } from '../src/detection/enrichment/enricher.js';

/** An IPv4 and an IPv6 sign-in: looking them up opens both city databases. */
export const probeActivities = () => [buildActivity({ srcIp: '81.2.69.160' }), buildActivity({ srcIp: '2a02:c7f:7e1c:4a00::1' })];

/** The offline enricher with its ASN ranges loaded and both city databases open, so timing leaves their one-off load out. */
export async function openWarmEnricher(): Promise<Enricher> {
  const { enricher, asn } = openEnricher({});
  asn?.preload();
  await enricher.prepare(probeActivities());
  return enricher;
}
