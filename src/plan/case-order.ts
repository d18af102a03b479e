import type { Job } from './types.js';

/** The seed a run stopping early orders its cases with unless --seed says otherwise: fixed, so a rerun resumes the same order. */
export const DEFAULT_SEED = 1;

/**
 * The cases in a seeded random order (Fisher-Yates with mulberry32): any prefix of it is a fair
 * sample of the suite, which is what lets a sequential rule decide on a prefix. The same seed and
 * cases give the same order on every machine.
 */
export function caseOrder(caseIds: readonly string[], seed: number): string[] {
  const order = [...caseIds];
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Jobs sorted by their case's place in `order` (stable: a case's targets and samples keep their order). */
export function jobsInOrder(jobs: readonly Job[], order: readonly string[]): Job[] {
  const position = new Map(order.map((id, index) => [id, index]));
  return [...jobs].sort((a, b) => (position.get(a.caseId) ?? order.length) - (position.get(b.caseId) ?? order.length));
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
