import { describe, expect, it } from 'vitest';
import { cacheKey, cellKey } from '../plan/types.js';
import { createTestRun, failure, success, tempStore, testCell } from './store.test-helpers.js';

describe('cachedResponses', () => {
  it('finds only successful responses, the newest for each request and sample', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const a0 = testCell('a', 'base', 0);
    const a1 = testCell('a', 'base', 1);
    const b0 = testCell('b', 'base', 0);
    store.saveOutcome(run.id, a0, success('old'));
    const newest = store.saveOutcome(run.id, a0, success('new'))!;
    store.saveOutcome(run.id, b0, failure('boom')); // failures are never reused
    const other = store.saveOutcome(run.id, a1, success('sample 1'))!;

    const found = store.cachedResponses([
      { requestHash: a0.requestHash, sample: 0 },
      { requestHash: a0.requestHash, sample: 1 },
      { requestHash: b0.requestHash, sample: 0 },
      { requestHash: 'never-sent', sample: 0 },
    ]);
    expect(found).toEqual(
      new Map([
        [cacheKey(a0.requestHash, 0), newest],
        [cacheKey(a0.requestHash, 1), other],
      ]),
    );
    expect(store.cachedResponses([])).toEqual(new Map());
  });

  it('answers 20,000 keys in one go', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const cells = Array.from({ length: 20_000 }, (_, i) => testCell(`case-${i}`, 'base'));
    store.saveImported(
      run.id,
      cells.filter((_, i) => i % 2 === 0).map((cell) => ({ cell, outcome: success('x'), provenance: {} })),
    );
    const found = store.cachedResponses(cells.map((c) => ({ requestHash: c.requestHash, sample: 0 })));
    expect(found.size).toBe(10_000);
  });
});

describe('saveOutcome', () => {
  it('replaces an error cell with an ok cell on retry, keeping the failed response as history', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const cell = testCell('a', 'base');
    const failedId = store.saveOutcome(run.id, cell, failure('429 too many requests', { status: 429 }))!;
    expect(store.finishedCells(run.id)).toEqual(new Set());
    const okId = store.saveOutcome(run.id, cell, success('fine'))!;

    expect(okId).toBeGreaterThan(failedId);
    expect(store.finishedCells(run.id)).toEqual(new Set([cellKey(cell)]));
    const cells = [...store.readRun(run.id).cells];
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ status: 'ok', reused: false, response: { id: okId, output: 'fine' } });
  });

  it('records a failed replay as coming from the replay, not the API', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const cell = { ...testCell('a', 'base'), request: { kind: 'replay' as const, recording: 'sha', caseId: 'a', messages: [] } };
    store.saveOutcome(run.id, cell, failure('replay file changed', { kind: 'unknown' }));
    expect([...store.readRun(run.id).cells][0]!.response).toMatchObject({ source: 'replay', errorKind: 'unknown' });
  });

  it('stores a missing recording as a missing cell with its reason, not as a response', () => {
    const store = tempStore();
    const run = createTestRun(store);
    store.saveOutcomes(run.id, [
      { cell: testCell('a', 'base'), outcome: failure("no recording for case 'a'", { kind: 'missing' }) },
      { cell: testCell('b', 'base'), outcome: success('B') },
    ]);
    const [a, b] = store.readRun(run.id).cells;
    expect(a).toMatchObject({ status: 'missing', response: null, error: "no recording for case 'a'" });
    expect(b).toMatchObject({ status: 'ok', response: { output: 'B' } });
  });

  it('keeps up with a run: thousands of responses a second, each in its own transaction', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const cells = Array.from({ length: 3000 }, (_, i) => testCell(`case-${i}`, 'base'));
    const started = performance.now();
    for (const cell of cells) store.saveOutcome(run.id, cell, success('output '.repeat(50)));
    const perSecond = cells.length / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(1000);
  });
});

describe('finishedCells', () => {
  it('lists ok cells, reused or not, and nothing that failed or is missing', () => {
    const store = tempStore();
    const earlier = createTestRun(store);
    const id = store.saveOutcome(earlier.id, testCell('a', 'base'), success('A'))!;
    const run = createTestRun(store);
    store.linkCells(run.id, [{ cell: testCell('a', 'base'), responseId: id }]);
    store.saveOutcome(run.id, testCell('a', 'cand'), success('A'));
    store.saveOutcome(run.id, testCell('b', 'base'), failure('x'));
    store.saveMissing(run.id, testCell('b', 'cand'), 'gone');
    expect(store.finishedCells(run.id)).toEqual(new Set([cellKey(testCell('a', 'base')), cellKey(testCell('a', 'cand'))]));
  });
});
