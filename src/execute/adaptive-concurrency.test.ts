import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';

describe('AdaptiveConcurrency', () => {
  it('halves once per burst of 429s, then climbs back one per window of successes', () => {
    const limit = pLimit(8);
    const adaptive = new AdaptiveConcurrency(limit, 8);
    const epoch = adaptive.epoch;
    // Eight attempts sent together, all answered 429: one halving, not three.
    for (let i = 0; i < 8; i++) adaptive.rateLimited(epoch);
    expect(limit.concurrency).toBe(4);
    // A retry sent after the drop hits a 429 again: that is new evidence.
    adaptive.rateLimited(adaptive.epoch);
    expect(limit.concurrency).toBe(2);
    adaptive.rateLimited(adaptive.epoch);
    adaptive.rateLimited(adaptive.epoch);
    expect(limit.concurrency).toBe(1);
    expect(adaptive.lowest).toBe(1);
    // 1 + 2 + 3 + ... successes bring it back up; never past the suite's limit.
    for (let i = 0; i < 1 + 2 + 3; i++) adaptive.succeeded();
    expect(limit.concurrency).toBe(4);
    for (let i = 0; i < 100; i++) adaptive.succeeded();
    expect(limit.concurrency).toBe(8);
    expect(adaptive.lowest).toBe(1);
  });
});
