import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, tempProject, replayHead } from './cli.test-helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const suite = (url: string) => endpointSuite({ url, count: 3, targets: { 'gpt-4-0314': {}, 'gpt-4.1': {} } });

describe('pinned import', () => {
  it('keeps a retired baseline: imported outputs answer its requests and only the candidate is called', async () => {
    const log = [0, 1]
      .map((i) =>
        JSON.stringify({
          request: { model: 'gpt-4-0314', messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }] },
          response: {
            model: 'gpt-4-0314',
            choices: [{ message: { role: 'assistant', content: `It is ${2 * i}.` }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 },
          },
        }),
      )
      .concat([JSON.stringify({ case: 'case-002', output: 'It is 4.' })])
      .join('\n');
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'logs/gpt-4-0314.jsonl': log });
    const db = join(cwd, '.pinned/pinned.db');
    // No key for the retired model: importing needs none, and the run will not need one either.
    const imported = await runCli(['import', 'suite.yaml', '--target', 'gpt-4-0314', '--from', 'logs/gpt-4-0314.jsonl'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported 3 outputs of gpt-4-0314 for 3 of 3 cases into run 1 (logs/gpt-4-0314.jsonl, sha256 ');
    const [run] = query<{ kind: string; provenance: string }>(db, 'SELECT kind, provenance FROM runs');
    expect(run!.kind).toBe('import');
    expect(JSON.parse(run!.provenance)).toMatchObject({
      file: 'logs/gpt-4-0314.jsonl',
      rows: 3,
      outputs: 3,
      matchedCases: 3,
      missingCases: [],
    });
    expect(JSON.parse(run!.provenance).sha256).toMatch(/^[0-9a-f]{64}$/);

    server.resetStats();
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env: { TEST_API_KEY: 'sk-candidate-only' } });
    expect(result.code, result.stderr).toBe(0);
    expect(server.stats.byModel).toEqual({ 'gpt-4.1': 3 });
    const outputs = query<{ output: string; source: string }>(
      db,
      `SELECT r.output, r.source FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.run_id = 2 AND c.target = 'gpt-4-0314' ORDER BY c.case_id`,
    );
    expect(outputs).toEqual([
      { output: 'It is 0.', source: 'import' },
      { output: 'It is 2.', source: 'import' },
      { output: 'It is 4.', source: 'import' },
    ]);
  });

  it('reports cases the recording does not cover, by id', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'rec.jsonl': JSON.stringify({ case: 'case-001', output: 'x' }) });
    const result = await runCli(['import', 'suite.yaml', '--target', 'gpt-4-0314', '--from', 'rec.jsonl'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('for 1 of 3 cases');
    expect(result.stderr).toContain('missing for 2 cases: case-000, case-002');
  });

  it('refuses a recording that matches nothing, and a bad line with its line number', async () => {
    const cwd = tempProject({
      'suite.yaml': suite(server.url),
      'none.jsonl': JSON.stringify({ case: 'other', output: 'x' }),
      'bad.jsonl': '{"case": "case-000", "output": "x"}\n{not json\n',
    });
    const none = await runCli(['import', 'suite.yaml', '--target', 'gpt-4-0314', '--from', 'none.jsonl'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no row of none.jsonl matches a case of suite.yaml');
    const bad = await runCli(['import', 'suite.yaml', '--target', 'gpt-4-0314', '--from', 'bad.jsonl'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:2:2: not valid JSON/);
    const unknown = await runCli(['import', 'suite.yaml', '--target', 'gpt4', '--from', 'bad.jsonl'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--target gpt4: the suite has no such target');
  });
});

describe('replay targets', () => {
  it('report a case with no recording as missing for that target, and exit 4', async () => {
    const cwd = tempProject({
      'suite.yaml': `${replayHead('replay')}cases:
  - { id: a, prompt: "A?" }
  - { id: b, prompt: "B?" }
`,
      'old.jsonl': '{"case": "a", "output": "A."}\n{"case": "b", "output": "B."}\n',
      'new.jsonl': '{"case": "a", "output": "A!"}\n',
    });
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/new\s+candidate\s+1\/2\s+2\s+0\s+0\s+1/);
    expect(result.stdout).toContain("new: 1 × no recording for case 'b' (sample 0) in new.jsonl");
  });
});
