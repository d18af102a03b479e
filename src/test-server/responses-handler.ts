// POST /v1/responses: the Responses API, answered by the same replies as chat completions. Input
// items become chat messages, the reply becomes output items (function_call items for tool
// calls, a message with output_text), usage is reported in input/output tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './faults.js';
import {
  INVALID_JSON,
  invalidRequest,
  latencyFor,
  parseJson,
  readBody,
  recordRequest,
  sendError,
  sendJson,
  trackInFlight,
  wait,
} from './http-io.js';
import { buildCompletion, lastUserText, type ChatBody, type ChatMessage } from './responder.js';
import { noteModel, type ServerState } from './state.js';
import type { ApiError } from './types.js';
import { rejectedParam } from './validate-chat.js';

// What Chat Completions takes and the Responses API does not, with where it moved.
const MOVED: Record<string, string> = {
  messages: "In the Responses API, this parameter has moved to 'input'.",
  max_tokens: "In the Responses API, this parameter has moved to 'max_output_tokens'.",
  max_completion_tokens: "In the Responses API, this parameter has moved to 'max_output_tokens'.",
  response_format: "In the Responses API, this parameter has moved to 'text.format'.",
  seed: '',
  n: '',
  stop: '',
  presence_penalty: '',
  frequency_penalty: '',
  logprobs: '',
  logit_bias: '',
};

export async function handleResponses(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const attribute = trackInFlight(state, res);
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  recordRequest(state, req, path, parsed.ok ? parsed.value : raw);
  if (!parsed.ok) return sendError(state, res, INVALID_JSON);
  const body = parsed.value as Record<string, unknown>;
  const invalid = validate(body);
  if (invalid) return sendError(state, res, invalid);
  const model = body.model as string;
  attribute(model);
  noteModel(state, model);
  state.stats.byModel[model] = (state.stats.byModel[model] ?? 0) + 1;
  const rejected = rejectedParam(body, state.options.rejectParams?.[model]);
  if (rejected) return sendError(state, res, rejected);

  const chat: ChatBody & Record<string, unknown> = {
    model,
    messages: toMessages(body.input),
    ...(Array.isArray(body.tools) && { tools: body.tools.map(nestedTool) }),
    ...(body.tool_choice !== undefined && { tool_choice: nestedChoice(body.tool_choice) }),
    ...(typeof body.max_output_tokens === 'number' && { max_tokens: body.max_output_tokens }),
  };
  const fault = state.faults.pick(path, model, lastUserText(chat.messages));
  if (fault) return applyFault(state, req, res, fault, model);
  const latency = latencyFor(state, model);
  if (latency > 0) await wait(state, latency);
  if (res.destroyed) return;

  const completion = await buildCompletion(chat, state.options, {
    id: `resp_test${state.nextId++}`,
    request: state.chatIndex++,
    sample: undefined,
  });
  const choice = completion.choices[0]!;
  const output: unknown[] = (choice.message.tool_calls ?? []).map((call, i) => ({
    type: 'function_call',
    id: `fc_test${state.nextId}_${i}`,
    call_id: call.id,
    name: call.function.name,
    arguments: call.function.arguments,
    status: 'completed',
  }));
  if (choice.message.content) {
    output.push({
      type: 'message',
      id: `msg_test${state.nextId}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: choice.message.content, annotations: [] }],
    });
  }
  const cut = choice.finish_reason === 'length';
  sendJson(state, res, 200, {
    id: completion.id,
    object: 'response',
    created_at: completion.created,
    status: cut ? 'incomplete' : 'completed',
    incomplete_details: cut ? { reason: 'max_output_tokens' } : null,
    model: completion.model,
    output,
    usage: {
      input_tokens: completion.usage.prompt_tokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: completion.usage.completion_tokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: completion.usage.total_tokens,
    },
  });
  state.stats.completions++;
}

function validate(body: Record<string, unknown>): ApiError | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalidRequest('Invalid type for request body: expected an object.');
  if (typeof body.model !== 'string') return invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  for (const [param, moved] of Object.entries(MOVED)) {
    if (body[param] !== undefined)
      return invalidRequest(`Unsupported parameter: '${param}'.${moved ? ` ${moved}` : ''}`, param, 'unsupported_parameter');
  }
  if (typeof body.input !== 'string' && !Array.isArray(body.input))
    return invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (Array.isArray(body.tools)) {
    for (const [i, tool] of body.tools.entries()) {
      const t = tool as Record<string, unknown>;
      if (t.type === 'function' && typeof t.name !== 'string') {
        return invalidRequest(`Missing required parameter: 'tools[${i}].name'.`, `tools[${i}].name`, 'missing_required_parameter');
      }
    }
  }
  return undefined;
}

/** Input items as chat messages: a message, a function_call (joining the assistant turn before it), its output. */
function toMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: Array<ChatMessage & { tool_calls?: unknown[]; tool_call_id?: unknown }> = [];
  for (const item of input as Array<Record<string, unknown>>) {
    if (item.type === 'function_call') {
      const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } };
      const last = messages.at(-1);
      if (last?.role === 'assistant' && Array.isArray(last.tool_calls)) last.tool_calls.push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: String(item.output ?? '') });
    } else if (typeof item.role === 'string') {
      const content = Array.isArray(item.content)
        ? (item.content as Array<Record<string, unknown>>).map((part) =>
            part.type === 'input_image' ? { type: 'image_url', image_url: { url: part.image_url } } : { type: 'text', text: part.text },
          )
        : item.content;
      messages.push({ role: item.role, content });
    }
  }
  return messages;
}

function nestedTool(tool: unknown): unknown {
  const t = tool as Record<string, unknown>;
  if (t.type !== 'function') return tool;
  const { type: _type, ...fn } = t;
  return { type: 'function', function: fn };
}

function nestedChoice(choice: unknown): unknown {
  const c = choice as Record<string, unknown> | string;
  return typeof c === 'object' && c !== null && c.type === 'function' ? { type: 'function', function: { name: c.name } } : choice;
}
