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

/** Blobs show up in listings late; each poll re-lists this much before the last end (digest §2.11). */
export const CONTENT_OVERLAP_MS = HOUR;

/** Sign-in logs also arrive late: each poll re-reads this much before the last end. */
export const SIGNIN_OVERLAP_MS = 15 * MINUTE;
