import { describe, expect, it } from 'vitest';
import { outputBudget, promptTokenBound } from './context-window.js';
import { estimateRun } from './estimate.js';
import { expandCells } from './expand-cells.js';
import { encodingFor, modelInfo, PRICE_TABLE_DATE } from '../domain/model-table.js';
import { endpointTarget, replayTarget, suiteOf, testCase } from './plan.test-helpers.js';
import { loadTokenCounter } from './token-counter.js';

describe('the model table', () => {
  it('knows gpt-4-0314 at list price, its 8,192-token window and the day OpenAI shut it down', () => {
    expect(modelInfo('gpt-4-0314')).toEqual({
      name: 'gpt-4-0314',
      encoding: 'cl100k_base',
      contextWindow: 8192,
      price: { input: 30, output: 60 },
      retired: '2026-03-26',
    });
    expect(modelInfo('openai/gpt-3.5-turbo-16k-0613')).toMatchObject({ contextWindow: 16_385, retired: '2024-09-13' });
    // No date it could not confirm: the 32k snapshots fall under their family, without one.
    expect(modelInfo('gpt-4-32k-0314')?.retired).toBeUndefined();
    expect(modelInfo('gpt-4o')?.retired).toBeUndefined();
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('matches dated snapshots and provider prefixes to their family, and guesses no price for unknown models', () => {
    expect(modelInfo('gpt-4o-2024-08-06')?.name).toBe('gpt-4o');
    expect(modelInfo('gpt-4o-mini-2024-07-18')?.name).toBe('gpt-4o-mini');
    expect(modelInfo('openai/gpt-4.1')?.name).toBe('gpt-4.1');
    expect(modelInfo('gpt-4.1-mini-2025-04-14')?.name).toBe('gpt-4.1-mini');
    expect(modelInfo('gpt-5-2025-08-07')?.name).toBe('gpt-5');
    expect(modelInfo('claude-3-opus')).toBeUndefined();
    expect(encodingFor('gpt-4-0613')).toBe('cl100k_base');
    expect(encodingFor('gpt-4o')).toBe('o200k_base');
  });
});

describe('token counting', () => {
  it('counts chat prompts like OpenAI bills them (cookbook examples)', async () => {
    const count = await loadTokenCounter();
    // tiktoken, gpt-4 (cl100k): "Hello world" is 2 tokens, "user" 1: 3 + (3 + 1 + 2) = 9.
    expect(count([{ role: 'user', content: 'Hello world' }], 'gpt-4-0314')).toBe(9);
    // o200k: system "You are helpful." (4) + user "Hello world" (2): 3 + (3+1+4) + (3+1+2) = 17.
    expect(
      count(
        [
          { role: 'system', content: 'You are helpful.' },
          { role: 'user', content: 'Hello world' },
        ],
        'gpt-4o',
      ),
    ).toBe(17);
  });
});

describe('estimateRun', () => {
  const messages = [{ role: 'user' as const, content: 'q' }];
  const counter = () => 100;

  it('prices targets sent through the Batch API at half the table price, and a suite price as written', () => {
    const suite = suiteOf(
      [testCase('a', { messages })],
      [
        endpointTarget('gpt-4o', { params: { max_tokens: 100 } }),
        endpointTarget('agg', { model: 'gpt-4o', params: { max_tokens: 100 }, price: { input: 2, output: 8 } }),
      ],
    );
    const cells = expandCells(suite, { targets: ['gpt-4o', 'agg'], recordings: {} });
    const direct = estimateRun({ suite, cells, toSend: new Set(cells), countPromptTokens: counter, history: {} });
    const batched = estimateRun({
      suite,
      cells,
      toSend: new Set(cells),
      countPromptTokens: counter,
      history: {},
      batched: new Set(['gpt-4o', 'agg']),
    });
    expect(batched.targets[0]!.price).toEqual({ input: 1.25, output: 5, source: 'table', batch: true });
    expect(batched.targets[0]!.costUsd).toBeCloseTo(direct.targets[0]!.costUsd! / 2, 12);
    expect(batched.targets[1]!.price).toEqual({ input: 2, output: 8, source: 'suite' });
    expect(batched.targets[1]!.costUsd).toBe(direct.targets[1]!.costUsd);
  });

  it('prices input and expected output per target; history beats max_tokens; unknown prices stay unknown', () => {
    const suite = suiteOf(
      [testCase('a', { messages }), testCase('b', { messages })],
      [
        endpointTarget('gpt-4-0314', { params: { max_tokens: 400 }, samples: 2 }),
        endpointTarget('gpt-4.1', { params: { max_tokens: 400 } }),
        endpointTarget('cheap', { model: 'gpt-4-0314', params: {}, price: { input: 24, output: 48 } }),
        endpointTarget('mystery', { model: 'acme-llm', params: { max_tokens: 10 } }),
      ],
    );
    const cells = expandCells(suite, { targets: ['gpt-4-0314', 'gpt-4.1', 'cheap', 'mystery'], recordings: {} });
    const estimate = estimateRun({
      suite,
      cells,
      toSend: new Set(cells),
      countPromptTokens: counter,
      history: { 'gpt-4.1': 150, cheap: 50 },
    });
    const [base, cand, cheap, mystery] = estimate.targets;
    // 4 requests x 100 in at $30/M + 4 x 400 out (max_tokens bound) at $60/M = 0.012 + 0.096
    expect(base).toMatchObject({
      requests: 4,
      inputTokens: 400,
      outputTokens: 1600,
      outputSource: 'max_tokens',
      price: { input: 30, output: 60, source: 'table' },
    });
    expect(base!.costUsd).toBeCloseTo(0.108, 10);
    // 2 x 100 in at $2/M + 2 x 150 out (stored runs) at $8/M = 0.0004 + 0.0024
    expect(cand).toMatchObject({ outputSource: 'history', outputTokens: 300 });
    expect(cand!.costUsd).toBeCloseTo(0.0028, 10);
    expect(cheap).toMatchObject({ price: { input: 24, output: 48, source: 'suite' } });
    expect(mystery).toMatchObject({ price: null, costUsd: null });
    expect(estimate.totalUsd).toBeNull();
  });

  it('counts only what would be sent, and replay targets cost nothing', () => {
    const suite = suiteOf(
      [testCase('a', { messages }), testCase('b', { messages })],
      [replayTarget('old'), endpointTarget('gpt-4.1', { params: { max_tokens: 10 } })],
    );
    const cells = expandCells(suite, { targets: ['old', 'gpt-4.1'], recordings: { old: 'sha' } });
    const toSend = new Set(cells.filter((c) => c.target === 'gpt-4.1' && c.caseId === 'a'));
    const estimate = estimateRun({ suite, cells, toSend, countPromptTokens: counter, history: {} });
    expect(estimate.targets.map((t) => [t.target, t.requests, t.free, t.costUsd])).toEqual([
      ['old', 0, 2, 0],
      ['gpt-4.1', 1, 1, (100 * 2 + 10 * 8) / 1e6],
    ]);
  });

  it('warns per case and target when prompt plus output budget exceed the context window', async () => {
    const count = await loadTokenCounter();
    // "ab " is one cl100k token: 7,900 of them fit gpt-4-0314's 8,192 alone, not with 400 more for the answer.
    const long = [{ role: 'user' as const, content: 'ab '.repeat(7900) }];
    const suite = suiteOf(
      [testCase('long', { messages: long }), testCase('short', { messages })],
      [endpointTarget('gpt-4-0314', { params: { max_tokens: 400 } }), endpointTarget('gpt-4.1', { params: { max_tokens: 400 } })],
    );
    const cells = expandCells(suite, { targets: ['gpt-4-0314', 'gpt-4.1'], recordings: {} });
    const estimate = estimateRun({ suite, cells, toSend: new Set(cells), countPromptTokens: count, history: {} });
    const promptTokens = count(long, 'gpt-4-0314');
    expect(promptTokens).toBeGreaterThan(7800);
    expect(estimate.contextWarnings).toEqual([
      { caseId: 'long', target: 'gpt-4-0314', model: 'gpt-4-0314', promptTokens, outputBudget: 400, contextWindow: 8192 },
    ]);
  });

  it('bounds prompt tokens by UTF-8 bytes, so short prompts need no tokenizer to be cleared', async () => {
    const count = await loadTokenCounter();
    for (const content of ['Hello world', 'ab '.repeat(500), 'Größe 日本語 🎉 ünïcødé', '']) {
      const sample = [
        { role: 'system' as const, content: 'You are terse.' },
        { role: 'user' as const, content, name: 'ann' },
      ];
      expect(promptTokenBound(sample)).toBeGreaterThanOrEqual(count(sample, 'gpt-4-0314'));
      expect(promptTokenBound(sample)).toBeGreaterThanOrEqual(count(sample, 'gpt-4o'));
    }
  });

  it('reads the output budget from max_completion_tokens or max_tokens', () => {
    expect(outputBudget({ max_completion_tokens: 300, max_tokens: 10 })).toBe(300);
    expect(outputBudget({ max_tokens: 10 })).toBe(10);
    expect(outputBudget({})).toBeUndefined();
  });
});
