import { describe, expect, it } from 'vitest';
import { histogram } from './histogram.js';

describe('histogram', () => {
  it('puts 0 in the first bin, 1 in the last, and ignores non-numbers', () => {
    expect(histogram([0, 0.05, 0.5, 0.99, 1, Number.NaN], 10)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
