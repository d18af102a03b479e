import { describe, expect, it } from 'vitest';
import { createTestRun, tempStore } from './store.test-helpers.js';

describe('run limits', () => {
  it('keeps only targets the limits bit, and a resumed run adds to what earlier invocations saw', () => {
    const store = tempStore();
    const run = createTestRun(store);
    store.saveRunLimits(run.id, {
      quiet: { rateLimited: 0, pausedMs: 0, concurrency: 4, lowestConcurrency: 4 },
      busy: { rateLimited: 3, pausedMs: 1200, concurrency: 8, lowestConcurrency: 4 },
    });
    store.saveRunLimits(run.id, { busy: { rateLimited: 2, pausedMs: 300, concurrency: 8, lowestConcurrency: 2 } });
    expect(store.readRun(run.id).limits).toEqual({ busy: { rateLimited: 5, pausedMs: 1500, concurrency: 8, lowestConcurrency: 2 } });
    expect(store.readRunCells(run.id).limits).toEqual(store.readRun(run.id).limits);
  });

  it('leaves a run the limits never bit without any', () => {
    const store = tempStore();
    const run = createTestRun(store);
    store.saveRunLimits(run.id, { quiet: { rateLimited: 0, pausedMs: 0, concurrency: 4, lowestConcurrency: 4 } });
    expect(store.readRun(run.id).limits).toBeUndefined();
  });
});
