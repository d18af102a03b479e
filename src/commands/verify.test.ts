import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, repoRoot, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

// pinned verify on hand-written references (fixtures/verify/<case>/) and generated ones: the
// paths that need no recorded corpus. verify-corpus.test.ts sends real recorded outputs.
const fixture = (name: string) => join(repoRoot, 'fixtures/verify', name);
const freshDb = () => join(mkdtempSync(join(tmpdir(), 'pinned-verify-')), 'pinned.db');

describe('pinned verify refuses a reference that cannot serve, before anything is sent', () => {
  it.each([
    [
      'temperatures.jsonl',
      "the reference's rows were recorded at different temperature (0.7: 3 outputs, lines 1, 2, 3; 1: 3 outputs, lines 4, 5, 6)",
    ],
    ['cut-at-limit.jsonl', 'and 1 output stopped at or near its limit (line 4)'],
    ['two-models.jsonl', 'name 2 models (gpt-4-0314, gpt-4-0613): a reference records one snapshot'],
  ])('%s: exit 2, naming what is wrong and where, no database written', async (reference, problem) => {
    const db = freshDb();
    const result = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', reference, '--db', db], {
      cwd: fixture('conflicts'),
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(problem);
    expect(existsSync(db)).toBe(false);
  });

  it('verifies endpoint targets only, and names the ones the suite has', async () => {
    const cwd = fixture('conflicts');
    const replay = await runCli(['verify', 'suite.yaml', '--target', 'recorded', '--reference', 'temperatures.jsonl'], { cwd });
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('--target recorded replays a recording: only an endpoint can be verified');
    const unknown = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4', '--reference', 'temperatures.jsonl'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the suite's endpoint targets: gpt-4-0314");
    const few = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'temperatures.jsonl', '--prompts', '10'], {
      cwd,
    });
    expect(few.code).toBe(2);
    expect(few.stderr).toContain("--prompts takes a whole number from 20 to 100000, got '10'");
  });

  it('refuses fewer than 20 prompts with exit 3', async () => {
    const result = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--db', freshDb()], {
      cwd: fixture('too-few'),
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('too few prompts: the reference records 5, at least 20 are needed');
  });

  it('needs --temperature for case rows, which carry no request, and names the rows the suite lacks', async () => {
    const cwd = fixture('case-rows');
    const unstated = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl'], { cwd });
    expect(unstated.code).toBe(2);
    expect(unstated.stderr).toContain(
      '6 rows of the reference (lines 1, 2, 3, …) do not say at which settings they were recorded: give --temperature',
    );
    expect(unstated.stderr).toContain('rows for 1 case id the suite does not have: renamed-case');
    const stated = await runCli(
      ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--temperature', '0.7', '--db', freshDb()],
      { cwd },
    );
    expect(stated.code).toBe(3);
    expect(stated.stdout).toContain('too few prompts: the reference records 3');
  });
});

describe('pinned verify of case rows against a local endpoint', () => {
  let server: TestServer;
  const env = { TEST_API_KEY: 'sk-test-verify-0123456789' };
  beforeAll(async () => {
    // Answers in the style of the recordings: "Answer N: the sum of i and i is 2i."
    server = await startTestServer({
      respond: (body) => {
        const question = String(body.messages.at(-1).content);
        const i = Number(/number (\d+)/.exec(question)?.[1]);
        return `Answer ${i % 3}: the sum of ${i} and ${i} is ${2 * i}.`;
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.resetStats();
    server.requests.length = 0;
  });

  const count = 24;
  const suite = (url: string) => `name: verify-cases
baseline: gpt-4-0314
candidates: []
targets:
  gpt-4-0314:
    model: gpt-4-0314
    base_url: ${url}
    api_key_env: TEST_API_KEY
    params: { seed: 7, user: team-a }
defaults:
  system: You are a helpful assistant.
cases:
${Array.from({ length: count }, (_, i) => `  - id: q${i}\n    prompt: "Question number ${i}: what is ${i} + ${i}?"`).join('\n')}
`;
  // Two recordings per case, worded as the endpoint words its answers.
  const reference = Array.from({ length: count }, (_, i) =>
    [0, 1].map((s) => JSON.stringify({ case: `q${i}`, output: `Answer ${(i + s + 1) % 3}: the sum of ${i} and ${i} is ${2 * i}.` })),
  )
    .flat()
    .join('\n');

  it("replays the suite's rendered messages at the stated settings, drops the target's seed, and keeps the run and the verification", async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'reference.jsonl': reference });
    const args = ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl'];
    const stated = ['--temperature', '0.7', '--max-tokens', '300', '--seed', '5', '--json', 'out/verify.json'];
    const result = await runCli([...args, ...stated, '--no-progress'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('verifying gpt-4-0314 (gpt-4-0314 at ');
    expect(result.stderr).toContain('asked as the reference was recorded: temperature 0.7 (--temperature); top_p not set');
    expect(result.stderr).toContain('max_tokens 300 (--max-tokens)');
    expect(result.stderr).toContain("not sent from the target's params: seed (a fixed seed makes repeated answers alike");
    expect(result.stderr).toContain('the reference has 24 prompts, fewer than --prompts 50: all of them are drawn');
    expect(result.stderr).toContain('seed 5: --seed 5 --prompts 50 draws the same 24 prompts again');
    expect(result.stderr).toContain('starting verification run 1: 24 prompts, 10 of them asked twice: 34 requests, 34 to send');
    expect(result.stdout).toContain('verification run 1 (K = 24, seed 5, alpha 0.05):');
    expect(result.stdout).toContain('no detectable difference at K = 24 under matched decoding');
    expect(result.stdout).toContain("the endpoint's answers named model gpt-4-0314 (34 of 34); system_fingerprint fp_test (34 of 34)");
    expect(result.stdout).not.toMatch(/\bverified\b|\bgenuine\b/);

    expect(server.requests).toHaveLength(34);
    const body = server.requests[0]!.body;
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model', 'temperature', 'user']);
    expect(body).toMatchObject({ model: 'gpt-4-0314', temperature: 0.7, max_tokens: 300, user: 'team-a' });
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant.' });

    const db = join(cwd, '.pinned/pinned.db');
    expect(query(db, 'SELECT id, kind, status, total_cells FROM runs')).toEqual([
      { id: 1, kind: 'verify', status: 'completed', total_cells: 34 },
    ]);
    expect(query(db, 'SELECT id, suite_hash FROM cases').map((c: any) => c.id)).toHaveLength(24);
    expect(query(db, 'SELECT run_id, target, model, prompts, seed, alpha, outcome FROM verifications')).toEqual([
      { run_id: 1, target: 'gpt-4-0314', model: 'gpt-4-0314', prompts: 24, seed: 5, alpha: 0.05, outcome: 'no-detectable-difference' },
    ]);
    const json = JSON.parse(readFileSync(join(cwd, 'out/verify.json'), 'utf8'));
    expect(json).toMatchObject({ outcome: 'no-detectable-difference', prompts: 24, draw: { seed: 5, k: 50, drawn: 24 } });
    expect(json.rows).toHaveLength(24);
    expect(json.rows[0]).toEqual({
      id: expect.stringMatching(/^q\d+$/),
      similarity: expect.any(Number),
      recordedSimilarity: expect.any(Number),
      difference: expect.any(Number),
      words: expect.any(Number),
      recordedWords: expect.any(Number),
    });

    // The same command again: a new verification, every answer reused by request hash and said so.
    const again = await runCli([...args, ...stated, '--no-progress'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'starting verification run 2: 24 prompts, 10 of them asked twice: 34 requests, 0 to send, 34 answered by stored identical requests',
    );
    expect(again.stdout).toMatch(
      /34 of 34 answers were stored earlier for identical requests and reused \(the oldest from .* UTC\); --no-cache asks the endpoint again/,
    );
    expect(server.requests).toHaveLength(34);
    // The reference's prompts are not the suite's: their answer lengths do not price the suite's runs.
    const estimate = await runCli(['estimate', 'suite.yaml', '--json'], { cwd, env });
    expect(JSON.parse(estimate.stdout).targets[0]).toMatchObject({ target: 'gpt-4-0314', outputSource: 'unknown' });
    const runs = await runCli(['runs'], { cwd });
    expect(runs.stdout).toMatch(/2\s+verify-cases\s+verify\s+completed\s+34\/34/);
  });

  it('on Ctrl-C keeps the answers that arrived and prints the command that resumes the same draw', async () => {
    server.configure({ latencyMs: 60 });
    try {
      const cwd = tempProject({ 'suite.yaml': suite(server.url), 'reference.jsonl': reference });
      const { child, done } = startCli(
        ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--temperature', '0.7', '--no-progress'],
        { cwd, env },
      );
      await waitFor(() => server.stats.completions >= 5);
      child.kill('SIGINT');
      const interrupted = await done;
      expect(interrupted.code).toBe(130);
      const seed = /^seed (\d+) \(drawn at random\)/m.exec(interrupted.stderr)?.[1];
      const command = `pinned verify suite.yaml --target gpt-4-0314 --reference reference.jsonl --temperature 0.7 --seed ${seed}`;
      expect(interrupted.stderr).toContain(`interrupted: finished answers are saved. Resume with: ${command}\n`);
      const saved = query<{ n: number }>(join(cwd, '.pinned/pinned.db'), `SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'`)[0]!.n;
      const resumed = await runCli([...command.split(' ').slice(1), '--no-progress'], { cwd, env });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(
        `resuming verification run 1: 24 prompts, 10 of them asked twice: 34 requests, ${34 - saved} to send`,
      );
      expect(server.stats.completions).toBe(34);
    } finally {
      server.configure({ latencyMs: 0 });
    }
  });

  it("--max-cost refuses before sending, priced at the reference's answer lengths", async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'reference.jsonl': reference });
    const result = await runCli(
      ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--temperature', '0.7', '--max-cost', '0.0001'],
      { cwd, env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /the estimate of what this verification would send is \$0\.\d+, over --max-cost \$0\.0001; nothing was sent/,
    );
    expect(result.stderr).toContain("(the reference's answer lengths)");
    expect(server.requests).toHaveLength(0);
  });
});
