import { RecordingError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import type { ToolCall, TurnOutput, Usage } from '../domain/outcome.js';
import { messageToolCalls } from './message-tool-calls.js';
import { toUsage } from './usage.js';

export interface RecordedOutput {
  output: string;
  /** The refusal field of a logged message, when the model refused through it. */
  refusal?: string;
  /** The recorded calls to the application's tools, in order; absent when none. */
  toolCalls?: ToolCall[];
  /** A conversation case's answers, turn by turn (`output` and `toolCalls` are the last turn's). */
  turns?: TurnOutput[];
  finishReason: string | null;
  model: string | null;
  usage: Usage | null;
  latencyMs: number | null;
  /** 1-based line of the recording it came from, for messages that point at it. */
  line: number;
}

/** A recording row in the case format: `{"case", "output", "sample"?, ...}`. */
export interface CaseRow {
  format: 'case';
  caseId: string;
  sample: number | undefined;
  output: RecordedOutput;
}

/** A row of an OpenAI-style request/response log: every choice is one sample of its messages. */
export interface LogRow {
  format: 'log';
  key: string;
  outputs: RecordedOutput[];
  /** The request's messages as logged, and its other params (model and messages left out): what pinned verify replays. */
  messages: Array<{ role: string; content?: unknown; name?: unknown }>;
  params: Record<string, unknown>;
}

export interface RowPlace {
  file: string;
  line: number;
}

const EXPECTED =
  'expected {"case": "<id>", "output": "<text>"} or an OpenAI log row {"request": {"messages": [...]}, "response": {"choices": [...]}}';

/** Parses one non-empty line of a recording. */
export function parseRecordingRow(text: string, place: RowPlace): CaseRow | LogRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's own message quotes the line: not here, where the file may not be a recording at all.
    throw rowError(place, `not valid JSON; ${EXPECTED}`, jsonErrorColumn(error as Error, text));
  }
  if (!isObject(value)) throw rowError(place, `got ${Array.isArray(value) ? 'an array' : typeof value}; ${EXPECTED}`);
  if ('request' in value || 'response' in value) return logRow(value, place);
  if ('case' in value || 'output' in value) return caseRow(value, place);
  throw rowError(place, `fits neither format (no "case" or "output", no "request" or "response"); ${EXPECTED}`);
}

/**
 * What a case's messages are matched on: role, trimmed text, images and tool calls, so a log that
 * stored extra fields (name, tool ids) or a trailing newline still finds its case.
 */
export function messagesKey(messages: readonly { role?: unknown; content?: unknown; tool_calls?: unknown }[]): string {
  return JSON.stringify(
    messages.map((message) => {
      const key: unknown[] = [message.role, contentText(message.content).trim()];
      // Images and an assistant turn's calls (name and arguments; ids are the provider's) tell apart
      // messages of the same text.
      const images = imageUrls(message.content);
      const calls = Array.isArray(message.tool_calls) ? message.tool_calls.map(callKey) : [];
      if (images.length || calls.length) key.push(images, calls);
      return key;
    }),
  );
}

function imageUrls(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((part) => {
    if (!isObject(part) || part['type'] !== 'image_url') return [];
    const image = part['image_url'];
    return typeof image === 'string' ? [image] : isObject(image) && typeof image['url'] === 'string' ? [image['url']] : [];
  });
}

function callKey(call: unknown): string {
  const fn = isObject(call) && isObject(call['function']) ? call['function'] : {};
  const args = fn['arguments'];
  let canonical = typeof args === 'string' ? args.trim() : JSON.stringify(args ?? {});
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(canonical === '' ? '{}' : canonical)));
  } catch {
    // Invalid JSON is matched as written.
  }
  return `${String(fn['name'])}(${canonical})`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

function caseRow(row: Record<string, unknown>, place: RowPlace): CaseRow {
  const caseId = row['case'];
  if (typeof caseId !== 'string' || caseId === '') throw rowError(place, '"case" must be a non-empty string (the case id)');
  const turns = caseRowTurns(row['turns'], place, caseId);
  const toolCalls = turns ? turns.at(-1)!.toolCalls : caseRowCalls(row['tool_calls'], place, caseId);
  // A row that only calls tools, or gives a conversation's turns, needs no text of its own.
  const output = row['output'] === undefined && (toolCalls || turns) ? (turns?.at(-1)!.output ?? '') : row['output'];
  if (typeof output !== 'string') throw rowError(place, `"output" must be a string (case '${caseId}')`);
  const sample = row['sample'];
  if (sample !== undefined && !(Number.isInteger(sample) && (sample as number) >= 0)) {
    throw rowError(place, `"sample" must be an integer >= 0 (case '${caseId}')`);
  }
  return {
    format: 'case',
    caseId,
    sample: sample as number | undefined,
    output: {
      output,
      ...(toolCalls && { toolCalls }),
      ...(turns && { turns }),
      finishReason: optionalString(row, 'finish_reason', place),
      model: optionalString(row, 'model', place),
      usage: optionalUsage(row['usage'], place),
      latencyMs: optionalLatency(row, place),
      line: place.line,
    },
  };
}

function logRow(row: Record<string, unknown>, place: RowPlace): LogRow {
  const request = row['request'];
  const response = row['response'];
  if (!isObject(request) || !Array.isArray(request['messages'])) {
    throw rowError(place, 'a log row needs "request": {"messages": [...]}');
  }
  const messages = request['messages'] as unknown[];
  if (!messages.every((message) => isObject(message) && typeof message['role'] === 'string')) {
    throw rowError(place, 'every request message needs a "role"');
  }
  if (!isObject(response) || !Array.isArray(response['choices']) || response['choices'].length === 0) {
    throw rowError(place, 'a log row needs "response": {"choices": [...]} with at least one choice (failed requests cannot be replayed)');
  }
  const choices = sortedChoices(response['choices'], place);
  const model = typeof response['model'] === 'string' ? response['model'] : typeof request['model'] === 'string' ? request['model'] : null;
  // With n > 1 the usage covers all choices together; giving it to each sample would count it n times.
  const usage = choices.length === 1 ? optionalUsage(response['usage'], place) : null;
  const latencyMs = optionalLatency(row, place);
  const { model: _model, messages: _messages, ...params } = request;
  return {
    format: 'log',
    key: messagesKey(messages as { role: unknown; content?: unknown }[]),
    messages: messages as LogRow['messages'],
    params,
    outputs: choices.map((choice, i) => ({
      ...choiceOutput(choice, place, i),
      finishReason: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : null,
      model,
      usage,
      latencyMs,
      line: place.line,
    })),
  };
}

function sortedChoices(choices: unknown[], place: RowPlace): Record<string, unknown>[] {
  choices.forEach((choice, i) => {
    if (!isObject(choice) || !isObject(choice['message'])) throw rowError(place, `response.choices[${i}] has no "message"`);
  });
  const objects = choices as Record<string, unknown>[];
  // Choices carry their own index; logs do not always keep them in order.
  if (objects.every((choice) => typeof choice['index'] === 'number')) {
    return [...objects].sort((a, b) => (a['index'] as number) - (b['index'] as number));
  }
  return objects;
}

function choiceOutput(
  choice: Record<string, unknown>,
  place: RowPlace,
  index: number,
): Pick<RecordedOutput, 'output' | 'refusal' | 'toolCalls'> {
  const message = choice['message'] as Record<string, unknown>;
  const content = contentText(message['content']);
  const refusal = typeof message['refusal'] === 'string' && message['refusal'] !== '' ? message['refusal'] : undefined;
  const calls = messageToolCalls(message, `response.choices[${index}].message`);
  if ('problem' in calls) throw rowError(place, calls.problem);
  return {
    output: content === '' && refusal !== undefined ? refusal : content,
    ...(refusal !== undefined && { refusal }),
    ...(calls.length > 0 && { toolCalls: calls }),
  };
}

/** `"turns"` of a conversation case's row: each turn's `output`, `tool_calls` and `finish_reason`. */
function caseRowTurns(value: unknown, place: RowPlace, caseId: string): TurnOutput[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0)
    throw rowError(place, `"turns" must be a list of turns, each {"output", "tool_calls"} (case '${caseId}')`);
  return value.map((turn: unknown, t) => {
    if (!isObject(turn)) throw rowError(place, `"turns"[${t}] must be a mapping {"output", "tool_calls"} (case '${caseId}')`);
    const toolCalls = caseRowCalls(turn['tool_calls'], place, caseId);
    const output = turn['output'] === undefined && toolCalls ? '' : turn['output'];
    if (typeof output !== 'string') throw rowError(place, `"turns"[${t}].output must be a string (case '${caseId}')`);
    return {
      output,
      ...(toolCalls && { toolCalls }),
      finishReason: typeof turn['finish_reason'] === 'string' ? turn['finish_reason'] : null,
      requests: 1,
    };
  });
}

/**
 * `"tool_calls"` of a case row: the API's shape (`{"id", "type": "function", "function": {"name",
 * "arguments"}}`) or the short one (`{"name", "arguments"}`), arguments as JSON text or a value.
 */
function caseRowCalls(value: unknown, place: RowPlace, caseId: string): ToolCall[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw rowError(place, `"tool_calls" must be a list of calls (case '${caseId}')`);
  const api = value.map((call: unknown) =>
    isObject(call) && !('function' in call) && !('custom' in call) ? { id: call['id'] ?? null, type: 'function', function: call } : call,
  );
  const calls = messageToolCalls({ tool_calls: api }, 'row');
  if ('problem' in calls)
    throw rowError(place, `${calls.problem.replace(/^row\./, '')} (case '${caseId}'); a call is {"name", "arguments"}`);
  return calls.length > 0 ? calls : undefined;
}

/** Content as text: a string, or the text parts of a multi-part content array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
}

function optionalString(row: Record<string, unknown>, field: string, place: RowPlace): string | null {
  const value = row[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw rowError(place, `"${field}" must be a string`);
  return value;
}

function optionalUsage(value: unknown, place: RowPlace): RecordedOutput['usage'] {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw rowError(place, '"usage" must be an object like {"prompt_tokens", "completion_tokens", "total_tokens"}');
  return toUsage(value);
}

function optionalLatency(row: Record<string, unknown>, place: RowPlace): number | null {
  const value = row['latency_ms'];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw rowError(place, '"latency_ms" must be a number >= 0');
  return value;
}

export function rowError(place: RowPlace, message: string, col = 1): RecordingError {
  return new RecordingError(`${displayPath(place.file)}:${place.line}:${col}: ${message}`, place.file, place.line);
}

/** Where in the line JSON.parse stopped, when its message says (V8: "at position 12"). */
function jsonErrorColumn(error: Error, text: string): number {
  const position = /position (\d+)/.exec(error.message);
  if (position) return Number(position[1]) + 1;
  return /end of JSON input/.test(error.message) ? text.length + 1 : 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
