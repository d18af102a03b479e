import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.js';

// Every expected vector is worked by hand with R's p.adjust(p, "holm") rule: sort ascending,
// multiply the i-th smallest (1-based) by m - i + 1, take the running maximum, cap at 1, and put
// each value back in its input position.
const expectClose = (actual: number[], expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 14));
};

describe('holmAdjust', () => {
  it('adjusts unsorted input and returns it in input order', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04 -> running max
    // 0.02, 0.03, 0.06, 0.06; back in input order:
    expectClose(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  it('matches the step-down on an evenly spaced family', () => {
    // 0.01*5, 0.02*4, 0.03*3, 0.04*2, 0.05*1 = 0.05, 0.08, 0.09, 0.08, 0.05 -> running max
    expectClose(holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05, 0.08, 0.09, 0.09, 0.09]);
  });

  it('gives tied p-values the same adjusted value whatever their position', () => {
    // sorted 0.02, 0.02, 0.5 -> 0.06, 0.04, 0.5 -> running max 0.06, 0.06, 0.5
    expectClose(holmAdjust([0.02, 0.5, 0.02]), [0.06, 0.5, 0.06]);
    expectClose(holmAdjust([0.5, 0.02, 0.02]), [0.5, 0.06, 0.06]);
    // All tied: each is min(1, m p) after the running max.
    expectClose(holmAdjust([0.1, 0.1, 0.1]), [0.3, 0.3, 0.3]);
  });

  it('caps at 1', () => {
    // 0.5*3 = 1.5 -> 1; then 0.7*2 and 0.9 are lifted to 1 by the running max.
    expect(holmAdjust([0.5, 0.9, 0.7])).toEqual([1, 1, 1]);
    expectClose(holmAdjust([0.4, 0.6]), [0.8, 0.8]);
  });

  it('keeps a single p-value and an empty family as they are', () => {
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([0.037])).toEqual([0.037]);
    expect(holmAdjust([0, 1])).toEqual([0, 1]);
  });

  it('is monotone in the raw p-values and never below them', () => {
    const raw = [0.2, 0.001, 0.04, 0.04, 0.013, 0.9, 0.0004, 0.3];
    const adjusted = holmAdjust(raw);
    for (let i = 0; i < raw.length; i++) {
      expect(adjusted[i]!).toBeGreaterThanOrEqual(raw[i]!);
      expect(adjusted[i]!).toBeLessThanOrEqual(1);
      for (let j = 0; j < raw.length; j++) {
        if (raw[i]! <= raw[j]!) expect(adjusted[i]!).toBeLessThanOrEqual(adjusted[j]!);
      }
    }
  });

  it('does not reorder its argument', () => {
    const raw = [0.3, 0.1, 0.2];
    holmAdjust(raw);
    expect(raw).toEqual([0.3, 0.1, 0.2]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => holmAdjust([1.2])).toThrow(RangeError);
    expect(() => holmAdjust([-0.1])).toThrow(RangeError);
  });
});
