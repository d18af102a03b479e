import { describe, expect, it } from 'vitest';
import { expandCells } from './expand-cells.js';
import { planRun } from './plan-run.js';
import { cacheKey, cellKey } from './types.js';
import { endpointTarget, replayTarget, suiteOf, testCase } from './plan.test-helpers.js';

describe('expandCells', () => {
  const base = endpointTarget('gpt-4-0314', { params: { temperature: 0, max_tokens: 400, seed: 7 }, samples: 3 });
  const cand = endpointTarget('gpt-4.1');
  const suite = suiteOf([testCase('a'), testCase('b', { samples: 2 })], [base, cand]);

  it('walks case by case, baseline first, with each target sample count', () => {
    const cells = expandCells(suite, { targets: ['gpt-4-0314', 'gpt-4.1'], recordings: {} });
    expect(cells.map((c) => `${c.caseId}/${c.target}/${c.sample}`)).toEqual([
      'a/gpt-4-0314/0',
      'a/gpt-4-0314/1',
      'a/gpt-4-0314/2',
      'a/gpt-4.1/0',
      // a case's own samples win over the target's
      'b/gpt-4-0314/0',
      'b/gpt-4-0314/1',
      'b/gpt-4.1/0',
      'b/gpt-4.1/1',
    ]);
  });

  it('sends params exactly as written and nothing else', () => {
    const [cell] = expandCells(suite, { targets: ['gpt-4-0314'], recordings: {} });
    expect(cell!.request).toEqual({
      kind: 'chat',
      endpoint: 'http://127.0.0.1:1/v1',
      body: { model: 'gpt-4-0314', messages: [{ role: 'user', content: 'question a' }], temperature: 0, max_tokens: 400, seed: 7 },
    });
  });

  it('--samples overrides cases and targets', () => {
    const cells = expandCells(suite, { targets: ['gpt-4.1'], samples: 1, recordings: {} });
    expect(cells).toHaveLength(2);
  });

  it('gives identical requests the same hash whatever the key order, and different ones different hashes', () => {
    const reordered = endpointTarget('gpt-4-0314', { params: { seed: 7, max_tokens: 400, temperature: 0 } });
    const one = expandCells(suite, { targets: ['gpt-4-0314'], recordings: {} })[0]!;
    const two = expandCells(suiteOf([testCase('a')], [reordered]), { targets: ['gpt-4-0314'], recordings: {} })[0]!;
    expect(two.requestHash).toBe(one.requestHash);
    const other = endpointTarget('gpt-4-0314', { baseUrl: 'https://api.cometapi.com/v1', params: base.params });
    const three = expandCells(suiteOf([testCase('a')], [other]), { targets: ['gpt-4-0314'], recordings: {} })[0]!;
    expect(three.requestHash).not.toBe(one.requestHash);
  });

  it('keys replay cells by the recording content so an edited recording is read again', () => {
    const rec = suiteOf([testCase('a')], [replayTarget('recorded')]);
    const v1 = expandCells(rec, { targets: ['recorded'], recordings: { recorded: 'aaa' } })[0]!;
    const v2 = expandCells(rec, { targets: ['recorded'], recordings: { recorded: 'bbb' } })[0]!;
    expect(v1.request).toMatchObject({ kind: 'replay', caseId: 'a', recording: 'aaa' });
    expect(v2.requestHash).not.toBe(v1.requestHash);
  });
});

describe('planRun', () => {
  const suite = suiteOf([testCase('a'), testCase('b')], [endpointTarget('base'), endpointTarget('cand')]);
  const cells = expandCells(suite, { targets: ['base', 'cand'], recordings: {} });

  it('skips finished cells, reuses cached responses and sends the rest', () => {
    const [a0, a1, b0] = cells;
    const plan = planRun(
      cells,
      { finished: new Set([cellKey(a0!)]), cached: new Map([[cacheKey(a1!.requestHash, 0), 42]]) },
      { cache: true },
    );
    expect(plan.total).toBe(4);
    expect(plan.done).toBe(1);
    expect(plan.reuse).toEqual([{ cell: a1, responseId: 42 }]);
    expect(plan.jobs[0]).toBe(b0);
    expect(plan.jobs).toHaveLength(2);
  });

  it('--no-cache sends every unfinished cell', () => {
    const cached = new Map(cells.map((c, i) => [cacheKey(c.requestHash, c.sample), i]));
    const plan = planRun(cells, { finished: new Set(), cached }, { cache: false });
    expect(plan.jobs).toHaveLength(4);
    expect(plan.reuse).toHaveLength(0);
  });

  it('does not reuse another sample index of the same request', () => {
    const cached = new Map([[cacheKey(cells[0]!.requestHash, 1), 7]]);
    const plan = planRun(cells, { finished: new Set(), cached }, { cache: true });
    expect(plan.reuse).toHaveLength(0);
  });
});
