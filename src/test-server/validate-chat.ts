import { invalidRequest } from './http-io.js';
import { type ApiError } from './types.js';

// Messages and codes follow OpenAI's wording: client code that inspects them (e.g. to drop an
// unsupported parameter and retry) must be testable against this server.

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function validateChatBody(body: unknown): ApiError | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalidRequest(`Invalid type for request body: expected an object, but got ${typeName(body)} instead.`, null, 'invalid_type');
  }
  const b = body as Record<string, unknown>;
  if (b.model === undefined) return invalidRequest('you must provide a model parameter');
  if (typeof b.model !== 'string') return wrongType('model', 'a string', b.model);
  if (b.messages === undefined) return invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(b.messages)) return wrongType('messages', 'an array of objects', b.messages);
  if (b.messages.length === 0) {
    return invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  for (let i = 0; i < b.messages.length; i++) {
    const problem = validateMessage(b.messages[i], `messages[${i}]`);
    if (problem) return problem;
  }
  const unanswered = validateToolAnswers(b.messages as Array<Record<string, unknown>>);
  if (unanswered) return unanswered;
  return checkInteger(b, 'n', 1, 128) ?? checkInteger(b, 'max_tokens', 1) ?? checkInteger(b, 'max_completion_tokens', 1);
}

function validateMessage(message: unknown, where: string): ApiError | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return wrongType(where, 'an object', message);
  const m = message as Record<string, unknown>;
  if (m.role === undefined)
    return invalidRequest(`Missing required parameter: '${where}.role'.`, `${where}.role`, 'missing_required_parameter');
  if (typeof m.role !== 'string' || !ROLES.has(m.role)) {
    return invalidRequest(
      `Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      `${where}.role`,
      'invalid_value',
    );
  }
  // An assistant turn that only called tools carries no content.
  const contentOptional = m.role === 'assistant' && (m.tool_calls !== undefined || m.function_call !== undefined);
  if (m.content === undefined || m.content === null) {
    if (contentOptional || (m.role === 'assistant' && m.content === null)) return undefined;
    return invalidRequest(`Missing required parameter: '${where}.content'.`, `${where}.content`, 'missing_required_parameter');
  }
  if (typeof m.content !== 'string' && !Array.isArray(m.content)) return wrongType(`${where}.content`, 'one of string or array', m.content);
  if (m.role === 'tool' && typeof m.tool_call_id !== 'string') {
    return invalidRequest(`Missing required parameter: '${where}.tool_call_id'.`, `${where}.tool_call_id`, 'missing_required_parameter');
  }
  if (Array.isArray(m.content)) {
    for (let j = 0; j < m.content.length; j++) {
      const problem = validatePart(m.content[j], `${where}.content[${j}]`, m.role);
      if (problem) return problem;
    }
  }
  return undefined;
}

function validatePart(part: unknown, where: string, role: string): ApiError | undefined {
  if (typeof part !== 'object' || part === null) return wrongType(where, 'an object', part);
  const p = part as Record<string, unknown>;
  if (p.type === 'text') return typeof p.text === 'string' ? undefined : wrongType(`${where}.text`, 'a string', p.text);
  if (p.type === 'image_url' && role === 'user') {
    const image = p.image_url as Record<string, unknown> | undefined;
    const url = image?.url;
    if (typeof url !== 'string') return wrongType(`${where}.image_url.url`, 'a string', url);
    if (!/^(https?:\/\/|data:image\/[\w.+-]+;base64,)/u.test(url)) {
      return invalidRequest(
        `Invalid image URL: '${where}.image_url.url'. Expected a base64-encoded data URL with an image MIME type or a valid URL.`,
        `${where}.image_url.url`,
        'invalid_image_url',
      );
    }
    return undefined;
  }
  return invalidRequest(
    `Invalid value: '${String(p.type)}'. Supported values are: 'text'${role === 'user' ? " and 'image_url'" : ''}.`,
    `${where}.type`,
    'invalid_value',
  );
}

/** As OpenAI: every call of an assistant message is answered by a tool message before anything else follows. */
function validateToolAnswers(messages: Array<Record<string, unknown>>): ApiError | undefined {
  for (let i = 0; i < messages.length; i++) {
    const calls = messages[i]!.tool_calls;
    if (messages[i]!.role !== 'assistant' || !Array.isArray(calls)) continue;
    const open = new Set(calls.map((call) => (call as { id?: unknown }).id));
    for (let j = i + 1; j < messages.length && messages[j]!.role === 'tool'; j++) open.delete(messages[j]!.tool_call_id);
    if (open.size > 0) {
      return invalidRequest(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
        `messages.[${i + 1}].role`,
        null,
      );
    }
  }
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.role !== 'tool') continue;
    const previous = messages
      .slice(0, i)
      .reverse()
      .find((m) => m.role !== 'tool');
    const ids = Array.isArray(previous?.tool_calls) ? previous.tool_calls.map((call) => (call as { id?: unknown }).id) : [];
    if (!ids.includes(messages[i]!.tool_call_id)) {
      return invalidRequest(
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        `messages.[${i}].role`,
        null,
      );
    }
  }
  return undefined;
}

function checkInteger(b: Record<string, unknown>, name: string, min: number, max?: number): ApiError | undefined {
  const value = b[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(name, 'an integer', value);
  if (value < min) {
    return invalidRequest(
      `Invalid '${name}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      name,
      'integer_below_min_value',
    );
  }
  if (max !== undefined && value > max) {
    return invalidRequest(
      `Invalid '${name}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      name,
      'integer_above_max_value',
    );
  }
  return undefined;
}

// The defaults reasoning models accept; any other value is an 'unsupported_value'.
const DEFAULTS: Record<string, number> = { temperature: 1, top_p: 1, presence_penalty: 0, frequency_penalty: 0, n: 1 };

/** The 400 a model answers when the body carries a parameter it rejects. */
export function rejectedParam(body: Record<string, unknown>, rejected: string[] | undefined): ApiError | undefined {
  if (!rejected) return undefined;
  for (const name of rejected) {
    const value = body[name];
    if (value === undefined) continue;
    if (name === 'max_tokens') {
      return invalidRequest(
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        name,
        'unsupported_parameter',
      );
    }
    const fallback = DEFAULTS[name];
    if (fallback !== undefined) {
      return invalidRequest(
        `Unsupported value: '${name}' does not support ${JSON.stringify(value)} with this model. Only the default (${fallback}) value is supported.`,
        name,
        'unsupported_value',
      );
    }
    return invalidRequest(`Unsupported parameter: '${name}' is not supported with this model.`, name, 'unsupported_parameter');
  }
  return undefined;
}

function wrongType(param: string, expected: string, value: unknown): ApiError {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, param, 'invalid_type');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
