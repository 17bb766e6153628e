import type { Activity } from '../../core/activity.js';
import type { Enricher } from './enricher.js';

/**
 * Enrichment at ingest: the page's activities with the looked-up country, city, coordinates, ASN and
 * network name, and anonymiser / hosting flags filled where the provider left them empty (provider
 * values win). Stored on the activity row, so searches and exports show them and detection does not
 * look them up again.
 */
export function ingestEnrichment(enricher: Enricher): (activities: Activity[]) => Promise<Activity[]> {
  return async (activities) => {
    await enricher.prepare(activities);
    return activities.map((a) => enricher.enrich(a).activity);
  };
}
