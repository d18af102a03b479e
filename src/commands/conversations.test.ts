import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: true });
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ script: [], faults: [] });
  server.requests.length = 0;
});

const chats = () => server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body);

function suite(url: string): string {
  return `name: conversations
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: ${url}, api_key_env: false }
  new: { model: new-model, base_url: ${url}, api_key_env: false }
defaults:
  system: You are a poet.
cases:
  - id: haiku
    turns:
      - Write a haiku about the sea.
      - user: Now make it rhyme.
        assert:
          - icontains: rhyme
`;
}

describe('conversations: the target answers its own turns', () => {
  it('sends each turn with the target’s own earlier answer, and resumes a run killed between turns at the turn it stopped at', async () => {
    // Turn 2 hangs: the run is killed while it waits, after turn 1 is answered and kept.
    server.configure({ faults: [{ action: 'hang', contains: 'make it rhyme' }] });
    const cwd = tempProject({ 'suite.yaml': suite(server.url) });
    const db = join(cwd, '.pinned/pinned.db');
    const first = startCli(['run', 'suite.yaml', '--no-progress'], { cwd });
    await waitFor(() => {
      try {
        return query<{ n: number }>(db, 'SELECT COUNT(*) n FROM conversation_steps')[0]!.n === 2;
      } catch {
        return false;
      }
    });
    await waitFor(() => chats().filter((b) => b.messages.at(-1).content === 'Now make it rhyme.').length === 2);
    first.child.kill('SIGKILL');
    await first.done;
    expect(chats().filter((b) => b.messages.at(-1).content === 'Write a haiku about the sea.')).toHaveLength(2);

    server.configure({ faults: [] });
    server.requests.length = 0;
    const second = await runCli(['run', 'suite.yaml', '--json', 'out.json'], { cwd });
    expect(second.stderr).toContain('resuming run 1');
    // Only the second turn is sent again, each with the target's own answer to the first.
    const sent = chats();
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body.messages).toEqual([
        { role: 'system', content: 'You are a poet.' },
        { role: 'user', content: 'Write a haiku about the sea.' },
        { role: 'assistant', content: expect.stringMatching(new RegExp(`^${body.model} says: .*Write a haiku about the sea\\.$`)) },
        { role: 'user', content: 'Now make it rhyme.' },
      ]);
    }
    const stored = query<{ turns: string; output: string }>(
      db,
      `SELECT r.turns, r.output FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.target = 'new'`,
    )[0]!;
    const turns = JSON.parse(stored.turns);
    expect(turns.map((t: { output: string }) => t.output)).toEqual([
      expect.stringContaining('Write a haiku about the sea.'),
      expect.stringContaining('Now make it rhyme.'),
    ]);
    expect(stored.output).toBe(turns[1].output);

    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    const haiku = json.cases.find((c: { case: string }) => c.case === 'haiku');
    expect(haiku.turns.map((t: { turn: number; caseId: string }) => [t.turn, t.caseId])).toEqual([
      [1, 'haiku#turn1'],
      [2, 'haiku#turn2'],
    ]);
    expect(haiku.turns[1].assertions[0]).toMatchObject({ label: 'icontains "rhyme"', baseline: { passed: 1 }, candidate: { passed: 1 } });
  });

  it('answers tool calls from the case’s fixed results, and a call it has none for ends the conversation: changed, not same', async () => {
    server.configure({
      script: [{ model: 'new-model', contains: 'A-1', tool_calls: [{ name: 'cancel_order', arguments: { order_id: 'A-1' } }] }],
    });
    const cwd = tempProject({
      'suite.yaml': `name: orders
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: ${server.url}, api_key_env: false }
  new: { model: new-model, base_url: ${server.url}, api_key_env: false }
cases:
  - id: order
    tools:
      - { type: function, function: { name: get_order, parameters: { type: object, properties: { order_id: { type: string } } } } }
      - { type: function, function: { name: cancel_order, parameters: { type: object, properties: { order_id: { type: string } } } } }
    tool_results:
      get_order: { status: shipped, eta: Friday }
    turns:
      - Where is my order? Use get_order with order_id=A-1.
      - Thanks. Will it come before the weekend?
`,
    });
    const result = await runCli(['run', 'suite.yaml', '--json', 'out.json'], { cwd });
    expect(result.code, result.stderr).not.toBe(2);
    const old = chats().filter((b) => b.model === 'old-model');
    // Turn 1: the call, then the same request with the call and its fixed result; turn 2 after them.
    expect(old).toHaveLength(3);
    expect(old[1].messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: expect.any(String), type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-1"}' } }],
      },
      { role: 'tool', tool_call_id: old[1].messages[1].tool_calls[0].id, content: '{"status":"shipped","eta":"Friday"}' },
    ]);
    expect(old[2].messages.at(-2)).toEqual({
      role: 'assistant',
      content: expect.stringContaining('the tool answered {"status":"shipped","eta":"Friday"}'),
    });
    // The candidate calls a tool the case has no result for: its conversation ends at turn 1.
    expect(chats().filter((b) => b.model === 'new-model')).toHaveLength(1);
    const json = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    const order = json.cases.find((c: { case: string }) => c.case === 'order');
    expect(order.verdict).toBe('changed');
    expect(order.turns.map((t: { verdict: string }) => t.verdict)).toEqual(['changed', 'changed']);
    expect(order.reasons).toContain(
      "turn 2: the candidate's conversation ended before this turn: turn 1: it called cancel_order, which the case gives no tool_results for",
    );
    expect(order.turns[0].reasons[0]).toMatch(
      /^tool calls differ: calls cancel_order\(\{"order_id":"A-1"\}\) where the baseline calls get_order/,
    );
  });
});
