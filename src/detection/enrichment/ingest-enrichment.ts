import type { Logger } from 'pino';
import type { Activity } from '../../core/activity.js';
import { errorMessage } from '../../core/errors.js';
import type { Enricher } from './enricher.js';

/**
 * Enrichment at ingest: the page's activities with the looked-up country, city, coordinates, ASN and
 * network name, and anonymiser / hosting flags filled where the provider left them empty (provider
 * values win). Stored on the activity row, so searches and exports show them and detection does not
 * look them up again. A lookup failure (an unreadable database file) never costs a page: it is logged
 * and the page is stored as the provider sent it (detection enriches again when it reads it).
 */
export function ingestEnrichment(enricher: Enricher, logger?: Logger): (activities: Activity[]) => Promise<Activity[]> {
  return async (activities) => {
    try {
      await enricher.prepare(activities);
      return activities.map((a) => enricher.enrich(a).activity);
    } catch (error) {
      logger?.warn({ err: errorMessage(error) }, 'IP enrichment failed; the page is stored without looked-up locations (check `parapet intel status`)');
      return activities;
    }
  };
}
