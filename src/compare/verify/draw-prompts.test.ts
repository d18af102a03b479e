import { describe, expect, it } from 'vitest';
import { drawPrompts } from './draw-prompts.js';

const ids = Array.from({ length: 300 }, (_, i) => `alpaca_eval/${String(i).padStart(3, '0')}`);

describe('drawPrompts', () => {
  it('draws K distinct prompts, the same ones for the same seed, others for another seed', () => {
    const draw = drawPrompts(ids, { k: 50, seed: 7 });
    expect(draw).toHaveLength(50);
    expect(new Set(draw).size).toBe(50);
    expect(draw.every((id) => ids.includes(id))).toBe(true);
    expect(drawPrompts(ids, { k: 50, seed: 7 })).toEqual(draw);
    expect(drawPrompts(ids, { k: 50, seed: 8 })).not.toEqual(draw);
    expect(drawPrompts(ids, { seed: 7 })).toEqual(draw); // K defaults to 50
  });

  it('does not depend on the order of the reference rows, nor on duplicates', () => {
    const shuffled = [...ids].reverse();
    expect(drawPrompts([...shuffled, ...ids.slice(0, 10)], { k: 20, seed: 3 })).toEqual(drawPrompts(ids, { k: 20, seed: 3 }));
  });

  it('starts the draw for a larger K with the draw for a smaller one, so raising K reuses answers', () => {
    expect(drawPrompts(ids, { k: 100, seed: 11 }).slice(0, 20)).toEqual(drawPrompts(ids, { k: 20, seed: 11 }));
  });

  it('returns every prompt when there are fewer than K, and refuses a bad K or seed', () => {
    expect(drawPrompts(ids.slice(0, 12), { k: 50, seed: 1 }).sort()).toEqual(ids.slice(0, 12));
    expect(() => drawPrompts(ids, { k: 0, seed: 1 })).toThrow(/k must/);
    expect(() => drawPrompts(ids, { k: 20, seed: 1.5 })).toThrow(/seed/);
  });

  it('spreads draws evenly over the prompts (no prompt favoured by its position)', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 600; seed++) for (const id of drawPrompts(ids, { k: 50, seed })) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Each prompt is drawn with probability 50/300 per seed: 100 times in 600, sd about 9.1.
    const values = ids.map((id) => counts.get(id) ?? 0);
    expect(Math.min(...values)).toBeGreaterThan(100 - 5 * 9.2);
    expect(Math.max(...values)).toBeLessThan(100 + 5 * 9.2);
  });
});
