import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, repoRoot, runCli, tempProject, replayHead } from './cli.test-helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.resetStats();
  server.requests.length = 0;
});

const example = join(repoRoot, 'suites/example.yaml');

describe('pinned compare (end to end)', () => {
  it('pinned run compares at the end: verdicts with reasons, a decision per candidate, JSON for tools', async () => {
    const cwd = tempProject({});
    const result = await runCli(['run', example, '--json', 'comparison.json'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'gpt-4o: keep-pinned — regressed on critical cases escalate-chargeback, partial-refund (gate: critical_tags)',
    );
    // The example gives the right order fields (expected:), so gpt-4.1's quantity 1 is a regression, not just a change.
    expect(result.stdout).toContain(
      'regressed extract-order: fails expected: {"order_id":"A-33817","quantity":3,"email":"jo.bloggs@example.com"} where the baseline passes',
    );
    const json = JSON.parse(readFileSync(join(cwd, 'comparison.json'), 'utf8'));
    expect(json.version).toBe(1);
    expect(json.candidates.map((c: { candidate: string; decision: string }) => [c.candidate, c.decision])).toEqual([
      ['gpt-4.1', 'review'],
      ['gpt-4o', 'keep-pinned'],
    ]);
    const verdict = (candidate: string, id: string) =>
      json.cases.find((c: { case: string; candidate: string }) => c.case === id && c.candidate === candidate);
    // The refusal heuristic alone says it refuses: a change, unconfirmed, until a check or a judge settles it.
    expect(verdict('gpt-4o', 'lost-suitcase-key')).toMatchObject({ verdict: 'changed', confirmed: false });
    expect(verdict('gpt-4o', 'lost-suitcase-key').reasons[0]).toMatch(/^refuses where the baseline answered \(refusal heuristic/);
    expect(verdict('gpt-4o', 'intent-where-parcel')).toMatchObject({ verdict: 'same' });
    expect(verdict('gpt-4.1', 'partial-refund')).toMatchObject({ verdict: 'equivalent', confirmed: true });
    // Text only: within the suite's noise floor (the 10th percentile of the baseline's own re-samples), unconfirmed.
    expect(verdict('gpt-4.1', 'password-reset')).toMatchObject({
      verdict: 'equivalent',
      confirmed: false,
      floor: { source: 'pooled' },
      lexical: { outside: false },
    });
    // Stored, so reports can read it without comparing again.
    const db = join(cwd, '.pinned/pinned.db');
    expect(query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM verdicts')[0]!.n).toBe(28);

    // Deterministic: comparing the stored run again gives the same verdicts.
    const again = await runCli(['compare', '--json', 'again.json'], { cwd });
    expect(again.code).toBe(1);
    const second = JSON.parse(readFileSync(join(cwd, 'again.json'), 'utf8'));
    expect(second.cases).toEqual(json.cases);
    expect(second.comparison.id).toBe(json.comparison.id + 1);
  });

  it('says one cases-needed figure, the stored one, in the terminal, the JSON, the Markdown and the HTML report', async () => {
    const cwd = tempProject({});
    const result = await runCli(['run', example, '--json', 'c.json', '--md', 'summary.md', '--html', 'report.html'], { cwd });
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    const needed = json.candidates.find((c: { candidate: string }) => c.candidate === 'gpt-4.1').casesNeeded as number;
    expect(needed).toBeGreaterThan(14);
    const shown = needed.toLocaleString('en-US');
    expect(result.stdout).toMatch(new RegExp(`\\ngpt-4\\.1 +review +.* ${shown}\\n`));
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toMatch(
      new RegExp(`\\| \\*\\*gpt-4\\.1\\*\\* \\| 🟡 review \\|[^\\n]*\\| ${shown} \\|`),
    );
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toContain(`data-fig="cases-needed"><b>${shown}</b>`);
    expect(html).toContain(`at the rates observed, ${shown} cases would keep it pinned (14 were compared)`);
  });

  it('gate flags override the suite; exit 3 when the evidence is inconclusive', async () => {
    const cwd = tempProject({});
    await runCli(['run', example, '--only', 'baseline,gpt-4.1', '--no-compare'], { cwd });
    const result = await runCli(['compare', '--min-equivalence-rate', '0.5', '--max-regression-rate', '0.2'], { cwd });
    expect(result.stdout).toMatch(/gpt-4\.1\s+review/);
    expect(result.code).toBe(3);
  });

  it('compares candidates of one run against a baseline imported in another (--against)', async () => {
    const cwd = tempProject({});
    const imported = await runCli(
      ['import', example, '--target', 'gpt-4-0314', '--from', join(repoRoot, 'fixtures/recordings/example/gpt-4-0314.jsonl')],
      { cwd },
    );
    expect(imported.code, imported.stderr).toBe(0);
    const run = await runCli(['run', example, '--only', 'candidates', '--no-compare'], { cwd });
    expect(run.code).toBe(0);
    const result = await runCli(['compare', '2', '--against', '1:gpt-4-0314', '--json', 'c.json'], { cwd });
    expect(result.stdout).toContain('compared with gpt-4-0314 (run 1) on 14 cases');
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    expect(json.baseline).toEqual({ runId: 1, target: 'gpt-4-0314' });
    expect(json.candidates.find((c: { candidate: string }) => c.candidate === 'gpt-4o').decision).toBe('keep-pinned');
    const bad = await runCli(['compare', '2', '--against', '1:gpt-5'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--against 1:gpt-5: run 1 has no target 'gpt-5'");
  });

  it('asks the judge both ways about cases outside the noise floor, and caches its grades', async () => {
    server.configure({
      script: [
        { contains: '[BEGIN DATA]', content: 'C' },
        { model: 'old-model', content: 'Refunds are possible within 30 days of delivery; after that we offer store credit.' },
        { model: 'new-model', content: 'Sure: during the first month you get your money back; later on, a voucher.' },
      ],
    });
    const suite = `name: judged
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: TEST_KEY }
  new: { model: new-model, base_url: "${server.url}", api_key_env: TEST_KEY }
judge: { model: judge-model, base_url: "${server.url}", api_key_env: TEST_KEY, params: { temperature: 0 } }
cases:
  - { id: refund, prompt: "Can I get a refund?" }
`;
    const cwd = tempProject({ 'suite.yaml': suite });
    const env = { TEST_KEY: 'sk-judge' };
    const first = await runCli(['run', 'suite.yaml', '--json', 'c.json'], { cwd, env });
    expect(first.stderr).toContain('asking the judge (judge-model) about 1 case outside the noise floor');
    const judgeRequests = server.requests.filter((r) => r.body?.model === 'judge-model');
    expect(judgeRequests).toHaveLength(2);
    // Both orders: each answer takes the expert's place once.
    expect(judgeRequests.map((r) => r.body.messages[0].content.indexOf('[Expert]: Refunds are possible') > 0).sort()).toEqual([
      false,
      true,
    ]);
    expect(judgeRequests[0]!.body.temperature).toBe(0);
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    expect(json.cases[0]).toMatchObject({ verdict: 'equivalent', confirmed: true, judge: { forward: 'same', backward: 'same' } });
    expect(json.helpers).toMatchObject({ judgeCalls: 2 });

    server.requests.length = 0;
    const second = await runCli(['compare', '--json', 'd.json'], { cwd, env });
    expect(second.stderr).toContain('asking the judge');
    expect(server.requests).toHaveLength(0);
    expect(JSON.parse(readFileSync(join(cwd, 'd.json'), 'utf8')).helpers).toMatchObject({ judgeCalls: 0 });
  });

  it("reads the judge's grade only from a clearly marked last line: chatty, hedging and contradictory replies", async () => {
    const replies: Record<string, string> = {
      chatty: 'Let me compare them.\nThe submission gives the same window and adds the voucher detail.\n\n**Answer: [B]**',
      reversed: 'A close reading shows the answers disagree, so the answer is (D).',
      hedging: 'It could be (B) or (E); hard to say without more context.',
      contradictory: '(C)\nOn reflection the dates conflict: (D). Or maybe (C) after all.',
      trailing: 'The answer is C.\nHope this helps!',
    };
    server.configure({
      script: [
        ...Object.entries(replies).map(([id, content]) => ({ model: 'judge-model', contains: `case ${id}:`, content })),
        { model: 'old-model', content: 'Refunds are possible within 30 days of delivery; after that we offer store credit.' },
        { model: 'new-model', content: 'Sure: during the first month you get your money back; later on, a voucher.' },
      ],
    });
    const cases = Object.keys(replies)
      .map((id) => `  - { id: ${id}, prompt: "case ${id}: can I get a refund?" }`)
      .join('\n');
    const suite = `name: judged-replies
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: false }
  new: { model: new-model, base_url: "${server.url}", api_key_env: false }
judge: { model: judge-model, base_url: "${server.url}", api_key_env: false }
cases:
${cases}
`;
    const cwd = tempProject({ 'suite.yaml': suite });
    await runCli(['run', 'suite.yaml', '--json', 'c.json'], { cwd });
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    const byCase = Object.fromEntries(json.cases.map((c: { case: string }) => [c.case, c]));
    // Superset forward; the backward answer puts the candidate first, so it reads as subset.
    expect(byCase.chatty).toMatchObject({ verdict: 'drifted', confirmed: true, judge: { forward: 'superset', backward: 'subset' } });
    expect(byCase.reversed).toMatchObject({ verdict: 'changed', confirmed: true, judge: { forward: 'disagrees', backward: 'disagrees' } });
    for (const id of ['hedging', 'contradictory', 'trailing']) {
      expect(byCase[id]).toMatchObject({
        confirmed: false,
        judge: {
          forward: null,
          backward: null,
          error: expect.stringMatching(/^unparseable: no clearly marked grade on the last line of "/),
        },
      });
      expect(byCase[id].reasons.some((r: string) => r.startsWith('the judge could not grade it (unparseable'))).toBe(true);
    }
  });

  it("prices the judge's new calls at its model's table price", async () => {
    server.configure({
      script: [
        { contains: '[BEGIN DATA]', content: 'B' },
        { model: 'old-model', content: 'Refunds are possible within 30 days of delivery; after that we offer store credit.' },
        { model: 'new-model', content: 'Sure: during the first month you get your money back; later on, a voucher.' },
      ],
    });
    const suite = `name: priced-judge
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: TEST_KEY }
  new: { model: new-model, base_url: "${server.url}", api_key_env: TEST_KEY }
judge: { model: gpt-4.1, base_url: "${server.url}", api_key_env: TEST_KEY }
cases:
  - { id: refund, prompt: "Can I get a refund, please?" }
`;
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--json', 'c.json'], { cwd, env: { TEST_KEY: 'sk-judge' } });
    const usage = query<{ p: number; c: number }>(
      join(cwd, '.pinned/pinned.db'),
      `SELECT prompt_tokens AS p, completion_tokens AS c FROM responses WHERE request_hash IN (SELECT hash FROM requests WHERE spec LIKE '%"model":"gpt-4.1"%')`,
    );
    expect(usage).toHaveLength(2);
    const expected = usage.reduce((sum, u) => sum + (u.p * 2 + u.c * 8) / 1e6, 0);
    const helpers = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8')).helpers;
    expect(helpers.judgeCalls).toBe(2);
    expect(helpers.judgeCostUsd).toBeCloseTo(expected, 12);
    expect(result.stderr).toMatch(/judge: 2 new calls, [\d,]+ tokens, \$/);
  });

  it('reports a missing judge key before sending anything', async () => {
    const cwd = tempProject({
      'suite.yaml': `name: j
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: TEST_KEY }
  new: { model: new-model, base_url: "${server.url}", api_key_env: TEST_KEY }
judge: { model: judge-model, base_url: "${server.url}", api_key_env: JUDGE_KEY }
cases:
  - { id: a, prompt: "A?" }
`,
    });
    const result = await runCli(['run', 'suite.yaml'], { cwd, env: { TEST_KEY: 'x' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('judge: the API key variable JUDGE_KEY is not set');
    expect(server.stats.requests).toBe(0);
  });

  it('uses embeddings for cases outside the noise floor', async () => {
    server.configure({
      script: [
        { model: 'old-model', content: 'Refunds are possible within 30 days of delivery; after that we offer store credit.' },
        { model: 'new-model', content: 'Sure: during the first month you get your money back; later on, a voucher.' },
      ],
    });
    const cwd = tempProject({
      'suite.yaml': `name: embedded
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: false }
  new: { model: new-model, base_url: "${server.url}", api_key_env: false }
embeddings: { model: text-embedding-3-small, base_url: "${server.url}", api_key_env: false, min_cosine: 0.8 }
cases:
  - { id: refund, prompt: "Can I get a refund?" }
`,
    });
    await runCli(['run', 'suite.yaml', '--json', 'c.json'], { cwd });
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(1);
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    expect(json.cases[0].embedding.floor).toBe(0.8);
    expect(json.cases[0].confirmed).toBe(true);
    expect(json.cases[0].reasons[0]).toMatch(/^embedding cosine 0\.\d{3} (within|below) the baseline's own 0\.800$/);
    // Priced at the table's $0.02 per million input tokens.
    expect(json.helpers.embeddingTokens).toBeGreaterThan(0);
    expect(json.helpers.embeddingCostUsd).toBeCloseTo((json.helpers.embeddingTokens * 0.02) / 1e6, 15);
  });

  it('runs JavaScript assertions from the suite folder on every output', async () => {
    const cwd = tempProject({
      'suite.yaml': `${replayHead('js')}cases:
  - id: order
    prompt: Extract the order id.
    assert:
      - javascript: checks.mjs#hasOrderId
`,
      'old.jsonl': '{"case": "order", "output": "The order is A-33817."}\n',
      'new.jsonl': '{"case": "order", "output": "I could not find an order."}\n',
      'checks.mjs':
        'export function hasOrderId(output, testCase) { return { pass: /A-\\d+/.test(output), reason: `no order id in ${testCase.id}` }; }\n',
    });
    const result = await runCli(['run', 'suite.yaml', '--json', 'c.json'], { cwd });
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    expect(json.cases[0]).toMatchObject({ verdict: 'regressed' });
    expect(json.cases[0].reasons[0]).toBe(
      'fails javascript checks.mjs#hasOrderId where the baseline passes (baseline 1/1, candidate 0/1): no order id in order',
    );
    expect(result.code).toBe(3);
  });
});
