import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTokenCounter, type PromptTokenCounter } from '../plan/token-counter.js';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, tempProject } from './cli.test-helpers.js';

const KEY = 'sk-test-estimate-1234567890';
const env = { TEST_API_KEY: KEY };

let server: TestServer;
let count: PromptTokenCounter;
beforeAll(async () => {
  server = await startTestServer();
  count = await loadTokenCounter();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

/** Baseline gpt-4-0314 at the table's list price, a candidate at the suite's own price. */
function suite(count: number, extra = '') {
  return endpointSuite({
    url: server.url,
    count,
    targets: { 'gpt-4-0314': {}, 'gpt-4.1': { extra: '    price: { input: 24, output: 48 }' } },
  }).replace('cases:\n', `${extra}cases:\n`);
}

/** The candidate's model is one pinned's table does not know, and the suite gives it no price. */
const unpriced = () => suite(1).replace('model: gpt-4.1', 'model: acme-llm').replace('    price: { input: 24, output: 48 }\n', '');

const prompt = (i: number) => [{ role: 'user' as const, content: `Question number ${i}: what is ${i} + ${i}?` }];

interface EstimateJson {
  resumesRun: number | null;
  totalUsd: number | null;
  priceTableDate: string;
  targets: Array<{
    target: string;
    requests: number;
    free: number;
    inputTokens: number;
    outputTokens: number;
    outputSource: string;
    price: unknown;
    costUsd: number | null;
  }>;
}

describe('pinned estimate (built CLI, nothing sent)', () => {
  it('counts input tokens with the tokenizer, bounds output by max_tokens, prices per target and in total', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(3) });
    const result = await runCli(['estimate', 'suite.yaml', '--json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(server.stats.requests).toBe(0);
    const estimate = JSON.parse(result.stdout) as EstimateJson;
    const [base, cand] = estimate.targets;
    const input = (model: string) => [0, 1, 2].reduce((sum, i) => sum + count(prompt(i), model), 0);
    expect(base).toMatchObject({
      target: 'gpt-4-0314',
      requests: 3,
      free: 0,
      inputTokens: input('gpt-4-0314'),
      outputTokens: 150,
      outputSource: 'max_tokens',
      price: { input: 30, output: 60, source: 'table' },
    });
    expect(base!.costUsd).toBeCloseTo((input('gpt-4-0314') * 30 + 150 * 60) / 1e6, 12);
    expect(cand).toMatchObject({ inputTokens: input('gpt-4.1'), price: { input: 24, output: 48, source: 'suite' } });
    expect(cand!.costUsd).toBeCloseTo((input('gpt-4.1') * 24 + 150 * 48) / 1e6, 12);
    expect(estimate.totalUsd).toBeCloseTo(base!.costUsd! + cand!.costUsd!, 12);
    expect(estimate.priceTableDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const table = await runCli(['estimate', 'suite.yaml'], { cwd, env });
    expect(table.stdout).toContain('6 cells, 6 to send; nothing was sent');
    expect(table.stdout).toMatch(/gpt-4-0314\s+gpt-4-0314\s+3\s+0/);
    expect(table.stdout).toMatch(/total: \$0\.0\d+/);
    expect(table.stdout).toContain(`pinned's table of ${estimate.priceTableDate}`);
    // Three text cases, judged against the calibrated noise: 0.85^n <= 0.05 from n = 19.
    expect(table.stderr).toContain(
      'note: this gate needs 19 cases to return replaceable when every case agrees with the baseline; the suite has 3',
    );
  });

  it('counts stored outputs as free, learns output length from them, and respects --only and --samples', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(2) });
    expect((await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env })).code).toBe(0);
    server.resetStats();

    const again = JSON.parse((await runCli(['estimate', 'suite.yaml', '--json'], { cwd, env })).stdout) as EstimateJson;
    expect(again.targets.map((t) => [t.requests, t.free, t.costUsd])).toEqual([
      [0, 2, 0],
      [0, 2, 0],
    ]);

    const fresh = JSON.parse(
      (await runCli(['estimate', 'suite.yaml', '--json', '--new', '--no-cache', '--only', 'baseline', '--samples', '3'], { cwd, env }))
        .stdout,
    ) as EstimateJson;
    expect(fresh.targets.map((t) => t.target)).toEqual(['gpt-4-0314']);
    const [mean] = query<{ mean: number }>(
      join(cwd, '.pinned/pinned.db'),
      `SELECT AVG(r.completion_tokens) mean FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.target = 'gpt-4-0314'`,
    );
    expect(fresh.targets[0]).toMatchObject({ requests: 6, outputSource: 'history', outputTokens: Math.round(mean!.mean * 6) });
    expect(server.stats.requests).toBe(0);
  });

  it('counts replayed cells as sent by nobody: the header agrees with the table', async () => {
    const cwd = tempProject({
      'suite.yaml':
        'name: replay\nbaseline: old\ncandidates: [new]\ntargets:\n  old: { replay: old.jsonl }\n  new: { replay: new.jsonl }\ncases:\n  - { id: a, prompt: "A?" }\n',
      'old.jsonl': '{"case": "a", "output": "A."}\n',
      'new.jsonl': '{"case": "a", "output": "A!"}\n',
    });
    const result = await runCli(['estimate', 'suite.yaml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 cells, 0 to send; nothing was sent');
  });

  it('says why a cost is unknown instead of pricing it at zero', async () => {
    const cwd = tempProject({ 'suite.yaml': unpriced() });
    const result = await runCli(['estimate', 'suite.yaml'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('total: unknown');
    expect(result.stdout).toContain("pinned's price table does not know model 'acme-llm'");
  });
});

describe('pinned run --max-cost', () => {
  it('refuses to start over the limit: exit 2, nothing sent, no run stored', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(3) });
    const result = await runCli(['run', 'suite.yaml', '--max-cost', '0.001'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the estimate of what this run would send is \$0\.0\d+, over --max-cost \$0\.001; nothing was sent/);
    expect(result.stderr).toMatch(/gpt-4-0314: 3 requests/);
    expect(server.stats.requests).toBe(0);
    expect(query(join(cwd, '.pinned/pinned.db'), 'SELECT id FROM runs')).toEqual([]);
  });

  it('refuses when the cost cannot be known, saying which target and why', async () => {
    const cwd = tempProject({ 'suite.yaml': unpriced() });
    const result = await runCli(['run', 'suite.yaml', '--max-cost', '100'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the cost of what this run would send is unknown; nothing was sent');
    expect(result.stderr).toContain("gpt-4.1: pinned's price table does not know model 'acme-llm'");
    expect(server.stats.requests).toBe(0);
  });

  it('runs under the limit; the actual cost is usage x price, per target, in the summary and the JSON', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(3) });
    const result = await runCli(['run', 'suite.yaml', '--max-cost', '1', '--json', 'out.json', '--no-progress'], { cwd, env });
    expect([0, 1, 3]).toContain(result.code);
    expect(result.stderr).toMatch(/estimated cost of what will be sent: \$0\.0\d+ \(--max-cost \$1\.00\)/);
    expect(server.stats.completions).toBe(6);
    const usage = query<{ target: string; p: number; c: number }>(
      join(cwd, '.pinned/pinned.db'),
      `SELECT c.target, SUM(r.prompt_tokens) p, SUM(r.completion_tokens) c FROM cells c JOIN responses r ON r.id = c.response_id GROUP BY c.target ORDER BY c.target`,
    );
    const cost = Object.fromEntries(
      usage.map((u) => [u.target, u.target === 'gpt-4-0314' ? (u.p * 30 + u.c * 60) / 1e6 : (u.p * 24 + u.c * 48) / 1e6]),
    );
    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as {
      targets: Array<{ name: string; costUsd: number; costRatio: number | null; price: unknown }>;
    };
    const [base, cand] = json.targets;
    expect(base!.costUsd).toBeCloseTo(cost['gpt-4-0314']!, 12);
    expect(base).toMatchObject({ costRatio: null, price: { input: 30, output: 60, source: 'table', model: 'gpt-4-0314' } });
    expect(cand!.costUsd).toBeCloseTo(cost['gpt-4.1']!, 12);
    expect(cand).toMatchObject({ price: { input: 24, output: 48, source: 'suite' } });
    expect(cand!.costRatio).toBeCloseTo(cost['gpt-4.1']! / cost['gpt-4-0314']!, 12);
    expect(result.stdout).toMatch(/cost\s+gpt-4-0314\s+\$0\.0\d+ at 30 \/ 60 \$\/M \(table \d{4}-\d{2}-\d{2}\)/);
    expect(result.stdout).toMatch(/gpt-4\.1\s+\$0\.0\d+ at 24 \/ 48 \$\/M \(suite price\): \d+% of the baseline per output/);
  });
});

describe('context windows', () => {
  it('estimate, validate and run warn per case and target when prompt plus output budget exceed the window', async () => {
    const long = `  - id: long-document\n    prompt: "${'ab '.repeat(8200)}"\n`;
    const cwd = tempProject({ 'suite.yaml': suite(1).replace(/\ncases:\n/, `\ncases:\n${long}`) });
    const warning =
      /warning case 'long-document' on gpt-4-0314: prompt [\d,]+ tokens \+ output budget 50 exceeds gpt-4-0314's context window of 8,192/;
    for (const args of [
      ['estimate', 'suite.yaml'],
      ['validate', 'suite.yaml'],
      ['run', 'suite.yaml', '--no-compare', '--no-progress'],
    ]) {
      const result = await runCli(args, { cwd, env });
      expect(result.stderr, args[0]).toMatch(warning);
      // gpt-4.1's window is a million tokens: no warning for it, and none for the short case.
      expect(result.stderr).not.toContain('on gpt-4.1');
      expect(result.stderr).not.toContain("case 'case-000'");
    }
  });
});
