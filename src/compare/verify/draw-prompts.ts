// Which prompts of the reference a verification sends: K of them, drawn with a seed the CLI
// prints, so anyone can send the same ones again.
//
// The ids are sorted first, so the draw depends on the set of prompts and not on the order of
// the reference's rows. The draw is the first K of one seeded shuffle, so for one seed the draw
// for K = 50 starts with the draw for K = 20: raising K sends only the new prompts and reuses
// the answers already stored.
import { mulberry32, subSeed } from './prng.js';

export const DEFAULT_PROMPTS = 50;
export const MIN_PROMPTS = 20;

/** Up to k distinct ids (all of them when there are fewer), in draw order. */
export function drawPrompts(ids: readonly string[], options: { k?: number; seed: number }): string[] {
  const k = options.k ?? DEFAULT_PROMPTS;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`drawPrompts: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`drawPrompts: seed must be an integer, got ${options.seed}`);
  const pool = [...new Set(ids)].sort();
  const random = mulberry32(subSeed(options.seed, 'prompts'));
  const take = Math.min(k, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}
