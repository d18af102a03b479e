// A seeded PRNG for the prompt draw and the sign-flip test: the same seed must give the same
// prompts and the same p-value on every machine, and Math.random cannot be seeded. mulberry32
// passes the statistical tests that matter here (gjrand, PractRand to 2^32+) and is a few
// lines; the test server has its own copy because compare/ must not import from it.

/** Floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a seed and a label, so two uses of one user seed draw independent streams. */
export function subSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // MurmurHash3's finalizer steps, so seeds 1, 2, 3 start unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
