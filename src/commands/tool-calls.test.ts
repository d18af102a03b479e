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

const TOOLS = `
    tools:
      - type: function
        function:
          name: get_order
          parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
      - type: function
        function:
          name: get_customer
          parameters: { type: object, properties: { customer_id: { type: string } }, required: [customer_id] }
      - type: function
        function:
          name: cancel_order
          parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }`;

function suite(url: string): string {
  return `name: support-tools
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: ${url}, api_key_env: false }
  new: { model: new-model, base_url: ${url}, api_key_env: false }
defaults:
  params:
    temperature: 0${TOOLS}
cases:
  - id: same-call
    prompt: "Where is my order? Use get_order with order_id=A-100."
  - id: other-tool
    prompt: "Where is my order? Use get_order with order_id=A-101."
  - id: dropped-call
    prompt: "Check get_order order_id=A-102 and get_customer customer_id=C-7."
  - id: changed-argument
    prompt: "Where is my order? Use get_order with order_id=A-103."
  - id: malformed-arguments
    prompt: "Where is my order? Use get_order with order_id=A-104."
  - id: asserted-call
    prompt: "Where is my order? Use get_order with order_id=A-105."
    assert:
      - tool-call: { name: get_order, arguments: { order_id: A-105 } }
`;
}

describe('a function-calling suite, end to end through the built CLI and the OpenAI SDK', () => {
  it('stores tool calls as such and gives each kind of difference its verdict', async () => {
    // The baseline's calls come from the server's defaults (the tool the message names, its
    // arguments read from "order_id=..."); the candidate's from script rules, one per case.
    server.configure({
      script: [
        {
          model: 'old-model',
          contains: 'A-102',
          tool_calls: [
            { name: 'get_order', arguments: { order_id: 'A-102' } },
            { name: 'get_customer', arguments: { customer_id: 'C-7' } },
          ],
        },
        { model: 'new-model', contains: 'A-101', tool_calls: [{ name: 'cancel_order', arguments: { order_id: 'A-101' } }] },
        { model: 'new-model', contains: 'A-102', tool_calls: [{ name: 'get_order', arguments: { order_id: 'A-102' } }] },
        { model: 'new-model', contains: 'A-103', tool_calls: [{ name: 'get_order', arguments: { order_id: 'A-1O3' } }] },
        { model: 'new-model', contains: 'A-104', tool_calls: [{ name: 'get_order', arguments: '{"order_id": "A-104"' }] },
        { model: 'new-model', contains: 'A-105', tool_calls: [{ name: 'cancel_order', arguments: { order_id: 'A-105' } }] },
      ],
    });
    const cwd = tempProject({ 'suite.yaml': suite(server.url) });
    const result = await runCli(['run', 'suite.yaml', '--json', 'out.json', '--md', 'out.md', '--junit', 'out.xml'], { cwd });
    expect(result.code, result.stderr).toBe(1);

    // The request carried the tools; the responses' calls are stored as calls, not as "".
    const sent = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(sent[0]!.body.tools).toHaveLength(3);
    const db = join(cwd, '.pinned/pinned.db');
    const stored = query<{ output: string; tool_calls: string; finish_reason: string }>(
      db,
      `SELECT r.output, r.tool_calls, r.finish_reason FROM cells c JOIN responses r ON r.id = c.response_id
       WHERE c.target = 'new' AND c.case_id = 'malformed-arguments'`,
    )[0]!;
    expect(stored.output).toBe('');
    expect(stored.finish_reason).toBe('tool_calls');
    expect(JSON.parse(stored.tool_calls)).toEqual([
      { id: expect.stringMatching(/^call_/), name: 'get_order', arguments: '{"order_id": "A-104"' },
    ]);

    const verdicts = Object.fromEntries(
      query<{ case_id: string; verdict: string }>(db, 'SELECT case_id, verdict FROM verdicts').map((v) => [v.case_id, v.verdict]),
    );
    expect(verdicts).toEqual({
      'same-call': 'same',
      'other-tool': 'changed',
      'dropped-call': 'changed',
      'changed-argument': 'changed',
      'malformed-arguments': 'regressed',
      'asserted-call': 'regressed',
    });

    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    const byCase = Object.fromEntries(json.cases.map((c: { case: string }) => [c.case, c]));
    expect(byCase['other-tool'].toolCalls).toEqual({
      baseline: ['get_order({"order_id":"A-101"})'],
      candidate: ['cancel_order({"order_id":"A-101"})'],
      differences: ['calls cancel_order({"order_id":"A-101"}) where the baseline calls get_order({"order_id":"A-101"})'],
      otherDifferences: [],
    });
    expect(byCase['dropped-call'].reasons[0]).toBe('tool calls differ: drops the call get_customer({"customer_id":"C-7"})');
    expect(byCase['changed-argument'].reasons[0]).toBe('tool calls differ: get_order: order_id: "A-103" → "A-1O3"');
    expect(byCase['malformed-arguments'].reasons[0]).toMatch(/^tool call arguments are not valid JSON where the baseline's are: get_order/);

    // People read the calls in the Markdown and JUnit reports too.
    const md = readFileSync(join(cwd, 'out.md'), 'utf8');
    expect(md).toContain('  - candidate: \\[tool call\\] cancel\\_order({ "order\\_id": "A-105" })');
    const junit = readFileSync(join(cwd, 'out.xml'), 'utf8');
    expect(junit).toMatch(/\[tool call\] cancel_order\(\{\n {2}(&quot;|")order_id(&quot;|"): (&quot;|")A-105(&quot;|")\n\}\)/);
  });
});
