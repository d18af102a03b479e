import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, runCli, tempProject } from './cli.test-helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: true });
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ script: [], faults: [] });
  server.requests.length = 0;
});

const TOOLS = [
  { type: 'function', function: { name: 'get_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } } } } },
];
const call = (id: string, args: string) => ({ id, type: 'function', function: { name: 'get_order', arguments: args } });
const answer = (message: object, extra: object = {}) => ({
  choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: 'stop' }],
  ...extra,
});

const LOG = [
  // 1, 2: the same request twice (two samples of one case), with tools, tagged by route.
  {
    route: 'orders',
    request: {
      model: 'gpt-4-0613',
      messages: [{ role: 'user', content: 'Where is order_id=A-1?' }],
      tools: TOOLS,
      temperature: 0,
      stream: false,
    },
    response: answer(
      { content: null, tool_calls: [call('c1', '{"order_id":"A-1"}')] },
      { usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 } },
    ),
  },
  {
    route: 'orders',
    request: {
      model: 'gpt-4-0613',
      messages: [{ role: 'user', content: 'Where is order_id=A-1?' }],
      tools: TOOLS,
      temperature: 0,
      stream: false,
    },
    response: answer({ content: null, tool_calls: [call('c9', '{"order_id": "A-1"}')] }),
  },
  // 3: a conversation with a tool round, and text with braces that are not a placeholder.
  {
    metadata: { route: 'orders' },
    request: {
      model: 'gpt-4-0613',
      messages: [
        { role: 'system', content: 'Answer in JSON like {{status}}.' },
        { role: 'user', content: 'Where is order_id=A-2?' },
        { role: 'assistant', content: null, tool_calls: [call('c2', '{"order_id":"A-2"}')], refusal: null },
        { role: 'tool', tool_call_id: 'c2', content: '{"status":"shipped"}' },
      ],
      tools: TOOLS,
    },
    response: answer({ content: '{"status": "shipped"}' }),
  },
  'this line is not JSON',
  { route: 'faq', request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }, response: answer({ content: 'Hello' }) },
  { request: { model: 'gpt-4-0613', messages: [{ role: 'user', content: 'Hi' }] }, response: { error: { message: 'rate limited' } } },
  { request: { model: 'gpt-4-0613', messages: [{ role: 'function', name: 'f', content: 'x' }] }, response: answer({ content: 'ok' }) },
  {
    route: 'faq',
    request: { model: 'gpt-4-0613', messages: [{ role: 'user', content: 'What is your refund policy?' }] },
    response: answer({ content: '30 days.' }),
  },
]
  .map((row) => (typeof row === 'string' ? row : JSON.stringify(row)))
  .join('\n');

function suite(url: string): string {
  return `name: from-logs
baseline: gpt-4-0613
candidates: [gpt-4.1]
targets:
  gpt-4-0613: { model: gpt-4-0613, base_url: ${url}, api_key_env: false }
  gpt-4.1: { model: gpt-4.1, base_url: ${url}, api_key_env: false }
cases: []   # filled by pinned import --cases
`;
}

describe('pinned import --cases: a log with tool calls becomes a suite and its baseline in one command', () => {
  it('creates the cases, adds them to the suite, stores the responses as the baseline, and names every row it could not use', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'logs/prod.jsonl': LOG });
    const result = await runCli(['import', 'suite.yaml', '--from', 'logs/prod.jsonl', '--cases', 'cases/prod.jsonl', '--tag-by', 'route'], {
      cwd,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'created 3 cases in cases/prod.jsonl from 4 of 8 rows of logs/prod.jsonl (1 repeated request became more samples of its case)',
    );
    expect(result.stdout).toContain('added "- file: cases/prod.jsonl" to the cases of suite.yaml');
    expect(result.stdout).toContain('imported 4 outputs of gpt-4-0613 for them into run 1');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  logs/prod.jsonl:'))).toEqual([
      expect.stringMatching(/^ {2}logs\/prod\.jsonl:4: not valid JSON/),
      '  logs/prod.jsonl:5: request.model is gpt-4o; the target asks for gpt-4-0613',
      expect.stringMatching(/^ {2}logs\/prod\.jsonl:6: a log row needs "response": \{"choices"/),
      expect.stringMatching(/^ {2}logs\/prod\.jsonl:7: request\.messages\[0\]\.role: /),
    ]);

    const cases = readFileSync(join(cwd, 'cases/prod.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(cases).toHaveLength(3);
    expect(cases[0]).toEqual({
      id: expect.stringMatching(/^prod-[0-9a-f]{8}$/),
      messages: [{ role: 'user', content: 'Where is order_id=A-1?' }],
      tools: TOOLS,
      params: { temperature: 0 },
      tags: ['orders'],
    });
    expect(cases[1].vars).toEqual({ status: '{{status}}' });
    expect(cases[2].tags).toEqual(['faq']);
    expect(readFileSync(join(cwd, 'suite.yaml'), 'utf8')).toContain(
      'cases:\n  - file: cases/prod.jsonl   # filled by pinned import --cases',
    );

    const db = join(cwd, '.pinned/pinned.db');
    const imported = query<{ case_id: string; sample: number; tool_calls: string | null; output: string }>(
      db,
      `SELECT c.case_id, c.sample, r.tool_calls, r.output FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.run_id = 1 ORDER BY c.case_id, c.sample`,
    );
    expect(imported).toHaveLength(4);
    const first = imported.filter((row) => row.case_id === cases[0].id);
    expect(first.map((row) => JSON.parse(row.tool_calls!)[0].arguments)).toEqual(['{"order_id":"A-1"}', '{"order_id": "A-1"}']);

    // The next run asks only the candidate: the baseline's outputs are the log's.
    const run = await runCli(['run', 'suite.yaml', '--json', 'out.json'], { cwd });
    // One sample per case by default: the repeated request's second answer waits for a baseline with samples: 2.
    expect(run.stderr).toContain('6 cells, 3 to send, 3 reused from earlier runs');
    const sent = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(sent.every((r) => r.body.model === 'gpt-4.1')).toBe(true);
    // The candidate is asked exactly what the application asked: messages, tools and params as logged.
    const toolCase = sent.find((r) => r.body.messages.length === 1 && r.body.messages[0].content === 'Where is order_id=A-1?')!;
    expect(toolCase.body).toEqual({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Where is order_id=A-1?' }],
      tools: TOOLS,
      temperature: 0,
    });
    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(json.cases.find((c: { case: string }) => c.case === cases[0].id).toolCalls.baseline).toEqual(['get_order({"order_id":"A-1"})']);
  });

  it('draws a seeded sample, refuses to overwrite a cases file, and reports unmatched log rows of a plain import', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url), 'logs/prod.jsonl': LOG });
    const draw = (file: string) =>
      runCli(['import', 'suite.yaml', '--from', 'logs/prod.jsonl', '--cases', file, '--sample', '2', '--seed', '7', '--db', `${file}.db`], {
        cwd,
      });
    const first = await draw('a.jsonl');
    expect(first.stdout).toContain('sampled 2 of 3 distinct requests (seed 7; --seed 7 draws the same)');
    const again = await runCli(['import', 'suite.yaml', '--from', 'logs/prod.jsonl', '--cases', 'a.jsonl'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--cases a.jsonl exists already; nothing was written');

    // The same seed draws the same cases (their ids follow the file's name).
    await draw('b.jsonl');
    const b = readFileSync(join(cwd, 'b.jsonl'), 'utf8');
    expect(b).toBe(readFileSync(join(cwd, 'a.jsonl'), 'utf8').replaceAll('"a-', '"b-'));

    // A plain import of the same log into a suite whose case covers one request names the rest.
    const plain = tempProject({
      'suite.yaml': suite(server.url).replace(
        'cases: []   # filled by pinned import --cases',
        'cases:\n  - { id: refund, prompt: What is your refund policy? }',
      ),
      'logs/prod.jsonl': LOG.split('\n')
        .filter((line) => line.includes('"choices"'))
        .join('\n'),
    });
    const result = await runCli(['import', 'suite.yaml', '--from', 'logs/prod.jsonl'], { cwd: plain });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/not imported: 5 log rows whose messages are no case's \(lines 1, 2, 3, 4, 5\)/);
    expect(result.stdout).toContain('imported 1 output of gpt-4-0613 for 1 of 1 cases');
  });
});
