import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import type { SeededRandom } from './seeded-random.js';
import type { Place } from './places.js';

/**
 * The demo workforce's routine that every simulator's benign history shares, so apps synced together agree
 * where people are: the salesperson's London trip and the Amsterdam office's corporate VPN.
 */

/** Northwind's corporate VPN leaves the internet in Amsterdam (KPN): a second network, not an anonymiser. */
export const CORPORATE_VPN_IP = '62.216.28.65';
/** Where the travelling colleague stays (a London hotel line, BT): the same hotel in every simulator. */
export const TRAVEL_IP = '193.113.211.215';
/** The hotel's place, for simulators that record one with each event. */
export const TRAVEL_PLACE: Place = { city: 'london', state: 'england', country: 'united kingdom', countryIso: 'GB', latitude: 51.5072, longitude: -0.1276, utcOffset: 0, isp: 'British Telecommunications', asn: 2856, ips: [TRAVEL_IP] };
/** Who travels: the shared workforce's salesperson (person 14), to London on days 14..12 before "now". */
export const TRAVELLER_INDEX = 14;

/** Person `index` is in London on the UTC day `day` (days since the epoch) of a tenant built at `builtAt`. */
export function travellingOn(index: number, day: number, builtAt: number): boolean {
  return index === TRAVELLER_INDEX && day * DAY >= builtAt - 14 * DAY && day * DAY < builtAt - 11 * DAY;
}

/**
 * Who is on holiday: the shared workforce's person 27, away for the last four days before "now" (Okta's MFA-reset
 * scenario signs in as them from Lagos meanwhile). Away in every app: a sign-in from home in one app beside the
 * attacker's in another would make the demo's alerts depend on the hour it starts.
 */
export const HOLIDAY_INDEX = 27;

/** Person `index` is on holiday, and does nothing in any app, on the UTC day `day` of a tenant built at `builtAt`. */
export function onHolidayOn(index: number, day: number, builtAt: number): boolean {
  return index === HOLIDAY_INDEX && day * DAY >= builtAt - 4 * DAY;
}

/** When the traveller starts work on a trip day `day` (days since the epoch): 09:00–09:40 London time. */
export function tripDayBegin(day: number, rng: SeededRandom): number {
  return day * DAY + 9 * HOUR + rng.int(0, 40) * MINUTE;
}

/**
 * A simulated tenant's clock: frozen at a moment (the history ends there and nothing new arrives) or the
 * wall clock, in which case each next day of ordinary activity is generated a day before its time comes.
 */
export class TenantClock {
  private generatedUntilDay: number;

  constructor(
    readonly frozenAt: number | null,
    /** The last day already generated (days since the epoch). */
    lastGeneratedDay: number,
    /** Generates one more day of activity (live mode only). */
    private readonly generateDay: (day: number) => void,
    private readonly lookaheadMs: number = DAY,
  ) {
    this.generatedUntilDay = lastGeneratedDay;
  }

  now(): number {
    return this.frozenAt ?? Date.now();
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Live mode: the next day of ordinary activity exists before its time comes. */
  ensureGenerated(): void {
    if (this.frozenAt !== null) return;
    const wanted = Math.floor((Date.now() + this.lookaheadMs) / DAY);
    while (this.generatedUntilDay < wanted) this.generateDay(++this.generatedUntilDay);
  }
}
