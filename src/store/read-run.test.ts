import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { targetCost } from '../domain/target-cost.js';
import { createTestRun, failure, success, tempStore, testCell, testSuite, testTargets } from './store.test-helpers.js';

describe('readRun', () => {
  it('reads back a run with ok, error, missing and reused cells as a report sees it', () => {
    const store = tempStore();
    // Case order in the suite is not alphabetical: cells must follow the suite.
    const suite = testSuite(['z', 'a']);
    const earlier = createTestRun(store, suite);
    const reusedId = store.saveOutcome(earlier.id, testCell('z', 'base'), success('Z from base'))!;
    store.finishRun(earlier.id, 'completed');

    const run = createTestRun(store, suite);
    store.saveMissing(run.id, testCell('a', 'cand'), 'no recording for case a');
    store.saveOutcome(run.id, testCell('a', 'base'), failure('upstream exploded'));
    const okId = store.saveOutcome(run.id, testCell('z', 'cand'), success('Z from cand', { usage: null, finishReason: 'length' }))!;
    store.linkCells(run.id, [{ cell: testCell('z', 'base'), responseId: reusedId }]);
    store.finishRun(run.id, 'incomplete');

    const data = store.readRun(run.id);
    // What the summary after a run reads: the same run, targets and cells, without cases and requests.
    expect(store.readRunCells(run.id)).toEqual({ run: data.run, targets: data.targets, cells: data.cells });

    expect(data.run).toMatchObject({ id: run.id, suiteHash: suite.hash, kind: 'run', status: 'incomplete', pid: null, totalCells: 4 });
    expect(data.run.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data.targets).toEqual(testTargets);
    expect(data.cases).toEqual([
      {
        id: 'z',
        index: 0,
        messages: [{ role: 'user', content: 'question z' }],
        vars: { n: 0 },
        tags: ['t'],
        compare: { kind: 'text' },
        assert: [],
      },
      {
        id: 'a',
        index: 1,
        messages: [{ role: 'user', content: 'question a' }],
        vars: { n: 1 },
        tags: ['t'],
        compare: { kind: 'text' },
        assert: [],
      },
    ]);
    expect([...data.cells].map((c) => [c.caseId, c.target, c.sample, c.status, c.reused])).toEqual([
      ['z', 'base', 0, 'ok', true],
      ['z', 'cand', 0, 'ok', false],
      ['a', 'base', 0, 'error', false],
      ['a', 'cand', 0, 'missing', false],
    ]);
    const [reused, ok, error, missing] = data.cells;

    expect(reused!.response).toEqual({
      id: reusedId,
      requestHash: testCell('z', 'base').requestHash,
      sample: 0,
      ok: true,
      output: 'Z from base',
      finishReason: 'stop',
      model: 'model-2024',
      systemFingerprint: 'fp_1',
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, raw: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
      latencyMs: 123.5,
      attempts: 1,
      errorKind: null,
      errorStatus: null,
      errorCode: null,
      errorMessage: null,
      source: 'api',
      provenance: null,
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(ok!.response).toMatchObject({ id: okId, output: 'Z from cand', usage: null, finishReason: 'length' });
    expect(error!.response).toMatchObject({
      ok: false,
      output: null,
      errorKind: 'http',
      errorStatus: 500,
      errorMessage: 'upstream exploded',
      attempts: 3,
      source: 'api',
    });
    expect(missing).toEqual({
      caseId: 'a',
      target: 'cand',
      sample: 0,
      status: 'missing',
      reused: false,
      requestHash: testCell('a', 'cand').requestHash,
      response: null,
      error: 'no recording for case a',
    });

    const requests = store.readRunRequests(run.id);
    expect(Object.keys(requests).sort()).toEqual([...data.cells].map((c) => c.requestHash).sort());
    expect(requests[testCell('a', 'base').requestHash]).toEqual(testCell('a', 'base').request);
  });

  it('keeps a usage without a raw object distinct from no usage', () => {
    const store = tempStore();
    const run = createTestRun(store);
    const usage = { promptTokens: 3, completionTokens: null, totalTokens: null, raw: null };
    store.saveOutcome(run.id, testCell('a', 'base'), success('x', { usage }));
    expect([...store.readRun(run.id).cells][0]!.response!.usage).toEqual(usage);
  });

  it('stores imported outputs with their provenance', () => {
    const store = tempStore();
    const run = store.createRun({
      suite: testSuite(),
      kind: 'import',
      targets: [testTargets[0]!],
      options: {},
      provenance: { file: 'log.jsonl' },
      totalCells: 2,
      toolVersion: 't',
    });
    store.saveImported(run.id, [
      { cell: testCell('a', 'base'), outcome: success('A', { source: 'import' }), provenance: { line: 1 } },
      { cell: testCell('b', 'base'), outcome: success('B', { source: 'import' }), provenance: { line: 2 } },
    ]);
    const data = store.readRun(run.id);
    expect(data.run.provenance).toEqual({ file: 'log.jsonl' });
    expect([...data.cells].map((c) => [c.caseId, c.status, c.reused, c.response?.source, c.response?.provenance])).toEqual([
      ['a', 'ok', false, 'import', { line: 1 }],
      ['b', 'ok', false, 'import', { line: 2 }],
    ]);
  });

  it('throws STORE_NOT_FOUND for an unknown run', () => {
    const store = tempStore();
    expect(() => store.readRun(42)).toThrow(StoreError);
    expect(() => store.readRun(42)).toThrow(expect.objectContaining({ code: 'STORE_NOT_FOUND' }));
  });
  it("keeps each case's expected answer with the suite, so a later compare checks it", () => {
    const store = tempStore();
    const suite = testSuite(['a', 'b'], 'suite-with-expected');
    suite.cases[0]!.expected = { order_id: 'A-1' };
    const run = createTestRun(store, suite);
    const [a, b] = store.readRun(run.id).cases;
    expect(a!.expected).toEqual({ order_id: 'A-1' });
    expect(b).not.toHaveProperty('expected');
  });
});

describe('readTargetOutcomes', () => {
  it("gives a target's cost and latencies as its whole cells do, for ok, failed, missing, batch and usage-less cells", () => {
    const store = tempStore();
    const suite = testSuite(['a', 'b', 'c', 'd']);
    const run = createTestRun(store, suite);
    store.saveOutcome(run.id, testCell('a', 'cand'), success('A', { latencyMs: 90 }));
    store.saveOutcome(run.id, testCell('b', 'cand'), success('B', { source: 'batch', latencyMs: 10 }));
    store.saveOutcome(run.id, testCell('c', 'cand'), failure('down'));
    store.saveMissing(run.id, testCell('d', 'cand'), 'no recording');
    store.saveOutcome(run.id, testCell('a', 'base'), success('A', { usage: null }));
    const whole = store.readRun(run.id);
    const priced = { config: { model: 'gpt-4-0314' } };
    for (const target of ['cand', 'base']) {
      const slim = store.readTargetOutcomes(run.id, target);
      const cells = [...whole.cells].filter((cell) => cell.target === target);
      expect(slim.map((cell) => [cell.status, cell.response?.latencyMs ?? null])).toEqual(
        cells.map((cell) => [cell.status, cell.response?.latencyMs ?? null]),
      );
      expect(targetCost(priced, slim)).toEqual(targetCost(priced, cells));
    }
    // Priced at gpt-4-0314's $30 / $60 (the batch output at half), and unknown where an output's usage is.
    expect(targetCost(priced, store.readTargetOutcomes(run.id, 'cand')).costUsd).toBeCloseTo(((10 * 30 + 5 * 60) / 1e6) * 1.5, 10);
    expect(targetCost(priced, store.readTargetOutcomes(run.id, 'base')).costUsd).toBeNull();
    expect(store.runTargets(run.id)).toEqual(whole.targets);
  });
});
