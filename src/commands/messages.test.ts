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

/** The first 24 bytes of a 512 x 512 PNG: all a token estimate reads of it. */
const PNG = (() => {
  const bytes = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(512, 16);
  bytes.writeUInt32BE(512, 20);
  return `data:image/png;base64,${bytes.toString('base64')}`;
})();

function suite(url: string, extraCases = ''): string {
  return `name: messages
baseline: old
candidates: [new]
targets:
  old: { model: gpt-4o-2024-05-13, base_url: ${url}, api_key_env: false }
  new: { model: gpt-4.1, base_url: ${url}, api_key_env: false }
cases:
  - id: order-follow-up
    tools:
      - type: function
        function:
          name: get_order
          parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
    tool_choice: auto
    vars: { order: A-7 }
    messages:
      - { role: system, content: You are a support agent. }
      - { role: user, name: dana, content: "Where is order {{order}}?" }
      - role: assistant
        content: null
        tool_calls:
          - id: call_1
            type: function
            function: { name: get_order, arguments: { order_id: A-7 } }
      - { role: tool, tool_call_id: call_1, content: '{"status": "shipped", "eta": "Friday"}' }
      - { role: assistant, content: Your order has shipped and arrives on Friday. }
      - role: user
        content:
          - { type: text, text: "The box looked like this when it came ({{order}}). Is that damage?" }
          - { type: image_url, image_url: { url: "https://example.com/box.jpg", detail: low } }
          - { type: image_url, image_url: "${PNG}" }
${extraCases}`;
}

describe('messages as the API has them, end to end', () => {
  it('sends assistant tool calls, tool answers, content parts and names exactly as the API takes them', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(server.url) });
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const sent = server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body);
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body.tool_choice).toBe('auto');
      expect(body.tools[0].function.name).toBe('get_order');
      expect(body.messages).toEqual([
        { role: 'system', content: 'You are a support agent.' },
        { role: 'user', name: 'dana', content: 'Where is order A-7?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-7"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status": "shipped", "eta": "Friday"}' },
        { role: 'assistant', content: 'Your order has shipped and arrives on Friday.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'The box looked like this when it came (A-7). Is that damage?' },
            { type: 'image_url', image_url: { url: 'https://example.com/box.jpg', detail: 'low' } },
            { type: 'image_url', image_url: { url: PNG } },
          ],
        },
      ]);
    }
    // The stored case keeps the messages in the same form.
    const [stored] = query<{ messages: string }>(join(cwd, '.pinned/pinned.db'), 'SELECT messages FROM cases');
    expect(JSON.parse(stored!.messages)[2].tool_calls[0].function.arguments).toBe('{"order_id":"A-7"}');

    // The estimate counts the images (85 at detail low, 255 for the 512 x 512 PNG) and the tool definitions.
    const estimate = await runCli(['estimate', 'suite.yaml', '--new', '--no-cache', '--json'], { cwd });
    const withoutImages = tempProject({ 'suite.yaml': suite(server.url).replace(/\n {10}- \{ type: image_url.*$/gmu, '') });
    const plain = await runCli(['estimate', 'suite.yaml', '--json'], { cwd: withoutImages });
    const tokens = (text: string) => JSON.parse(text).targets.find((t: { target: string }) => t.target === 'new').inputTokens;
    expect(tokens(estimate.stdout) - tokens(plain.stdout)).toBe(85 + 255);
  });

  it('validate names what is wrong in a message at its file:line:col', async () => {
    const bad = `name: bad
baseline: a
candidates: [b]
targets:
  a: { model: gpt-4o, base_url: ${server.url}, api_key_env: false }
  b: { model: gpt-4.1, base_url: ${server.url}, api_key_env: false }
cases:
  - id: unanswered
    messages:
      - { role: user, content: "Where is order 7?" }
      - role: assistant
        tool_calls:
          - { id: call_1, function: { name: get_order, arguments: '{"id": 7' } }
      - { role: user, content: "hello?" }
  - id: parts
    messages:
      - role: user
        content:
          - { type: text, text: "What is this?" }
          - { type: image_url, image_url: { url: "ftp://x/y.png" } }
      - { role: tool, tool_call_id: call_9, content: "{}" }
  - id: part-type
    messages:
      - role: user
        content: [{ type: image, url: x }]
`;
    const cwd = tempProject({ 'bad.yaml': bad });
    const result = await runCli(['validate', 'bad.yaml'], { cwd });
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('bad.yaml:'));
    expect(lines).toEqual([
      'bad.yaml:13:67: cases[0].messages[1].tool_calls[0].function.arguments: not valid JSON',
      "bad.yaml:14:9: cases[0].messages[2]: tool call 'call_1' of messages[1] has no tool message answering it",
      'bad.yaml:20:50: cases[1].messages[0].content[1].image_url.url: an image URL must start with https:// (or http://), or be a data URL',
      "bad.yaml:21:37: cases[1].messages[1].tool_call_id: no assistant message before it made a tool call 'call_9'",
      'bad.yaml:25:27: cases[2].messages[0].content[0].type: expected a content part: { type: text, text: ... } or { type: image_url, image_url: { url: ... } }, got "image"',
    ]);
  });

  it('warns when images take a prompt past the context window', async () => {
    const images = Array.from({ length: 6 }, (_, i) => `          - { type: image_url, image_url: "https://example.com/${i}.png" }`).join(
      '\n',
    );
    const extra = `  - id: six-images
    messages:
      - role: user
        content:
          - { type: text, text: Compare these. }
${images}
`;
    const cwd = tempProject({ 'suite.yaml': suite(server.url, extra).replace('model: gpt-4.1,', 'model: gpt-4-0314,') });
    const result = await runCli(['validate', 'suite.yaml'], { cwd });
    expect(result.stderr).toMatch(/six-images.*exceeds gpt-4-0314's context window of 8,192/);
    expect(result.stderr).not.toMatch(/order-follow-up.*exceeds/);
  });
});
