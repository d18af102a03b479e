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

function suite(url: string, compat: 'auto' | 'strict'): string {
  return `name: responses
baseline: chat
candidates: [codex]
targets:
  chat: { model: gpt-4-0613, base_url: ${url}, api_key_env: false }
  codex: { model: gpt-5-codex, api: responses, params_compat: ${compat}, base_url: ${url}, api_key_env: false }
defaults:
  params: { max_tokens: 60, seed: 7 }
cases:
  - id: order
    tools:
      - { type: function, function: { name: get_order, parameters: { type: object, properties: { order_id: { type: string } } } } }
    tool_choice: { type: function, function: { name: get_order } }
    prompt: Where is order_id=A-9?
    assert:
      - tool-call: { name: get_order, arguments: { order_id: A-9 } }
  - id: follow-up
    tools:
      - { type: function, function: { name: get_order, parameters: { type: object, properties: { order_id: { type: string } } } } }
    tool_results: { get_order: { status: shipped } }
    turns:
      - Please get_order order_id=A-10.
      - Thanks!
`;
}

describe('a Responses API candidate against a Chat Completions baseline', () => {
  it('sends input items with translated params, normalises the answers to the same stored form, and lists the rewrites', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url, 'auto') });
    const result = await runCli(['run', 'suite.yaml', '--json', 'out.json'], { cwd });
    expect([0, 3], result.stderr).toContain(result.code);
    expect(result.stdout).toContain('params rewritten (params_compat: auto):');
    expect(result.stdout).toMatch(/codex: max_tokens → max_output_tokens.*seed dropped/s);

    const responses = server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body);
    expect(server.requests.filter((r) => r.path === '/v1/chat/completions').every((r) => r.body.model === 'gpt-4-0613')).toBe(true);
    const order = responses.find((b) => JSON.stringify(b.input).includes('A-9'))!;
    expect(order).toEqual({
      model: 'gpt-5-codex',
      input: [{ role: 'user', content: 'Where is order_id=A-9?' }],
      max_output_tokens: 60,
      tools: [{ type: 'function', name: 'get_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } } } }],
      tool_choice: { type: 'function', name: 'get_order' },
    });
    // The conversation's tool round goes out as function_call and function_call_output items.
    const round = responses.find((b) => b.input.some((item: { type?: string }) => item.type === 'function_call_output'))!;
    expect(round.input.slice(1)).toEqual([
      { type: 'function_call', call_id: expect.any(String), name: 'get_order', arguments: '{"order_id":"A-10"}' },
      { type: 'function_call_output', call_id: round.input[1].call_id, output: '{"status":"shipped"}' },
    ]);

    const db = join(cwd, '.pinned/pinned.db');
    const stored = query<{ tool_calls: string; prompt_tokens: number; usage: string; finish_reason: string }>(
      db,
      `SELECT r.tool_calls, r.prompt_tokens, r.usage, r.finish_reason FROM cells c JOIN responses r ON r.id = c.response_id
       WHERE c.target = 'codex' AND c.case_id = 'order'`,
    )[0]!;
    expect(JSON.parse(stored.tool_calls)).toEqual([{ id: expect.any(String), name: 'get_order', arguments: '{"order_id":"A-9"}' }]);
    expect(stored.finish_reason).toBe('tool_calls');
    expect(stored.prompt_tokens).toBeGreaterThan(0);
    expect(JSON.parse(stored.usage).output_tokens_details).toEqual({ reasoning_tokens: 0 });
    expect(query(db, 'SELECT param, action, renamed_to FROM param_rewrites ORDER BY param')).toEqual([
      { param: 'max_tokens', action: 'renamed', renamed_to: 'max_output_tokens' },
      { param: 'seed', action: 'dropped', renamed_to: null },
    ]);

    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    const verdicts = Object.fromEntries(json.cases.map((c: { case: string; verdict: string }) => [c.case, c.verdict]));
    expect(verdicts.order).toBe('same');
    expect(json.cases.find((c: { case: string }) => c.case === 'follow-up').turns).toHaveLength(2);
  });

  it('under params_compat: strict sends params as written, and the first 400 stops the target with the fix', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url, 'strict') });
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /Unsupported parameter: 'max_tokens'.*set params_compat: auto on target 'codex'.*rename max_tokens to max_output_tokens/,
    );
    // Both cells may be in flight when the first 400 arrives; none is sent after it.
    expect(server.requests.filter((r) => r.path === '/v1/responses').length).toBeLessThanOrEqual(2);
  });
});
