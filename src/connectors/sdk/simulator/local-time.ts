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
