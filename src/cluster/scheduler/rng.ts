/**
 * A small seeded PRNG (mulberry32) for tie-breaking between equally scored nodes: upstream picks uniformly at
 * random among the best; we do the same, but the same seed and input give the same placement.
 */
export interface SeededRandom {
  /** An integer in [0, n). */
  intn(n: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    intn(n: number): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      return Math.floor(r * n);
    },
  };
}
