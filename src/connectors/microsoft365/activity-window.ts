import { DAY, HOUR, MINUTE } from '../../core/clock.js';

/** The Management Activity API lists at most 24 hours of content per request (digest §2.3). */
export const CONTENT_WINDOW_MS = DAY;

/** Content older than 7 days cannot be listed or retrieved. */
export const CONTENT_RETENTION_MS = 7 * DAY;

/**
 * How far inside the 7-day limit a first sync starts: the request must still be valid when it reaches
 * Microsoft, whose clock may run ahead of ours.
 */
export const RETENTION_MARGIN_MS = 10 * MINUTE;

/**
 * Blobs show up in listings late, with no upper bound Microsoft commits to (hours typically, days for some
 * backfilled content): every poll re-lists this much before the last end (digest §2.11)...
 */
export const CONTENT_RECENT_RELIST_MS = 6 * HOUR;

/** ...and the whole 7-day range Microsoft still lists is re-listed this often. Listings are cheap; only unread blobs are fetched. */
export const CONTENT_SWEEP_EVERY_MS = 2 * HOUR;

/** Sign-ins show up in Graph minutes late (p99 about 5 minutes): every poll re-reads this much before the last end... */
export const SIGNIN_RECENT_MS = HOUR;

/** ...and this much, this often, for the stragglers beyond that. */
export const SIGNIN_SWEEP_RANGE_MS = 2 * DAY;
export const SIGNIN_SWEEP_EVERY_MS = 6 * HOUR;

/**
 * Sign-ins are queried a week at a time, oldest week first (Graph lists them newest first): a 30-day backfill
 * then reaches detection week by week as it happened, so the first week teaches a person's habits (the
 * policies' default learning period) before the later weeks are judged. Not a day at a time: Graph allows 5
 * audit-log requests per 10 s, and 30 one-day queries would add a minute to every first sync.
 */
export const SIGNIN_QUERY_WINDOW_MS = 7 * DAY;
