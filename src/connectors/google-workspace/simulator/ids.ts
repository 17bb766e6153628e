import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';

/** A Google-style numeric id of `digits` digits (user ids are 21 digits). */
export function numericId(rng: SeededRandom, digits: number): string {
  let s = String(rng.int(1, 9));
  while (s.length < digits) s += String(rng.int(0, 9));
  return s;
}

/** An int64 `uniqueQualifier`, as Google writes it: a signed decimal string. */
export function uniqueQualifier(rng: SeededRandom): string {
  return `${rng.chance(0.5) ? '-' : ''}${numericId(rng, 18)}`;
}
