import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import type { Place } from './places.js';

/**
 * The latest moment at local `hour:minute` in `place` that lies in [earliest, latest] (else `latest`).
 * Scenarios happen at a time of day that suits the story, in the last days of a simulator's history.
 */
export function localTimeBetween(place: Place, hour: number, minute: number, earliest: number, latest: number): number {
  for (let day = Math.floor(latest / DAY) + 1; day > Math.floor(earliest / DAY) - 2; day--) {
    const t = day * DAY - place.utcOffset * HOUR + hour * HOUR + minute * MINUTE;
    if (t <= latest && t >= earliest) return t;
  }
  return latest;
}

/**
 * When the demo organisation's leaver (workforce person 9) is disabled at the identity provider: two days
 * before the tenant's "now", at 16:30 in their city. Every simulator stops their activity there and the
 * apps that deprovision them follow minutes later, so no benign history looks like a terminated user at work.
 */
export const WORKFORCE_LEAVER_INDEX = 9;

export function leaverDisabledAt(builtAt: number, place: Place): number {
  return Math.floor((builtAt - 2 * DAY) / DAY) * DAY + (16 - place.utcOffset) * HOUR + 30 * MINUTE;
}
