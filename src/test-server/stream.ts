import type { ServerResponse } from 'node:http';
import { countStatus } from './http-io.js';
import type { ChatCompletion } from './responder.js';
import type { ServerState } from './state.js';

/**
 * Sends a finished completion as OpenAI's server-sent events: per choice a role chunk, a
 * content chunk and a finish chunk, then the usage chunk when asked for, then [DONE].
 */
export function sendStream(state: ServerState, res: ServerResponse, completion: ChatCompletion, includeUsage: boolean): void {
  if (res.destroyed || res.headersSent) return;
  countStatus(state, 200);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `req_${state.nextId++}` });
  const { id, created, model, system_fingerprint } = completion;
  const chunk = (choices: unknown[], usage?: unknown): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint, choices, ...(includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
  let out = '';
  for (const choice of completion.choices) {
    const { index, finish_reason } = choice;
    out += chunk([{ index, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
    if (choice.message.content !== null)
      out += chunk([{ index, delta: { content: choice.message.content }, logprobs: null, finish_reason: null }]);
    for (const [i, call] of (choice.message.tool_calls ?? []).entries()) {
      out += chunk([{ index, delta: { tool_calls: [{ index: i, ...call }] }, logprobs: null, finish_reason: null }]);
    }
    out += chunk([{ index, delta: {}, logprobs: null, finish_reason }]);
  }
  if (includeUsage) out += chunk([], completion.usage);
  res.end(`${out}data: [DONE]\n\n`);
}
