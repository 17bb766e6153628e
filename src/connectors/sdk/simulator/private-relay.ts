import { HOUR, MINUTE } from '../../../core/clock.js';
import { PRIVATE_RELAY_EGRESSES, type Place } from './places.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Who has iCloud Private Relay on on their own iPhone: every sixth person of the workforce (1, 7, 13...), the
 * same people in every simulator, so apps synced together agree on who browses through the relay. Each
 * simulator gives the persona only to those of them with no part in its own story (admins, leavers,
 * the traveller, the scenarios' people), whose alerts must hold their story alone.
 */
export function usesPrivateRelay(personIndex: number): boolean {
  return personIndex % 6 === 1;
}

/** One request of the person's Safari session: it left the relay through `egress` at `at`. */
export interface RelayUse {
  egress: Place;
  at: number;
}

/**
 * One day of Safari on the person's iPhone through iCloud Private Relay, in one app: on about three days in
 * five they open it at any hour of their day (07:00–21:59 where they live) through a relay egress, and on most
 * of those Safari rotates the egress 20–50 minutes later within the same browser session, often to one the city
 * database places in another country or continent (Kabul, Guam). Not an anonymiser to alert on, nor travel, nor
 * a new country, nor a stolen session.
 *
 * `random` should be a stream of the persona's own, so the rest of the person's history stays as it was. The
 * uses are drawn lazily, as each is taken: a simulator that writes a use's records with ids from the same
 * stream interleaves its draws with these as Microsoft 365's persona always did, so its history did not change
 * when this was shared.
 */
export function* privateRelayDay(random: SeededRandom, dayStart: number, home: Place): Generator<RelayUse, void, undefined> {
  if (!random.chance(0.6)) return;
  const egress = random.pick(PRIVATE_RELAY_EGRESSES);
  const at = dayStart + (random.int(7, 21) - home.utcOffset) * HOUR + random.int(0, 59) * MINUTE;
  yield { egress, at };
  if (!random.chance(0.7)) return;
  const next = random.pick(PRIVATE_RELAY_EGRESSES.filter((g) => g !== egress));
  yield { egress: next, at: at + random.int(20, 50) * MINUTE };
}
