// Deterministic pseudo-random numbers for the simulator: the same seed always gives the same fleet.
// Not cryptographic; nonces use node:crypto instead.

export interface SeededRandom {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  hex(digits: number, upper?: boolean): string;
  chance(probability: number): boolean;
}

/** Folds a string (e.g. "seed/device-12/profile") into a 32-bit start value (FNV-1a). */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function seededRandom(seed: string | number): SeededRandom {
  let state = hashSeed(String(seed));
  // A 32-bit counter run through an avalanche mix (splitmix style): simple, fast, and good enough for test data.
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 0x1_0000_0000;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    hex: (digits: number, upper = true): string => {
      let out = '';
      for (let i = 0; i < digits; i++) out += int(0, 15).toString(16);
      return upper ? out.toUpperCase() : out;
    },
    chance: (probability: number): boolean => next() < probability,
  };
}
