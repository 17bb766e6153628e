const HEX_DIGITS = '0123456789abcdef';

/** A small deterministic PRNG (mulberry32) so a simulator seed always builds the same tenant. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A random RFC 4122 v4-shaped GUID drawn from this generator: 32 draws, one per hex digit (the version
   * digit's draw is made and discarded), so the ids a seed gives never change.
   */
  uuid(): string {
    let s = '';
    for (let i = 0; i < 32; i++) {
      let digit = Math.floor(this.next() * 16);
      if (i === 12) digit = 4;
      else if (i === 16) digit = (digit & 0x3) | 0x8;
      s += HEX_DIGITS[digit];
      if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
    }
    return s;
  }
}

/**
 * A stable 32-bit mix of integers, for deriving independent random streams from one seed (one per
 * person-day, one per purpose), so what one stream draws never shifts another.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h ^= part | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}
