import { fnv1a } from './hash.js';
import type { RespondResult, ScriptRule, TestServerOptions } from './types.js';
import { contentText, countTokens, truncateTokens } from './tokens.js';
import { defaultToolCalls, lastIsToolResult, toServerCalls, type ServerToolCall, type WrittenToolCall } from './tool-calls.js';

export interface ChatMessage {
  role: string;
  content?: unknown;
}

/** The fields of a validated chat body the reply depends on. */
export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  tools?: unknown;
  tool_choice?: unknown;
  functions?: unknown;
  n?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  seed?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
}

export interface ChatChoice {
  index: number;
  message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: ServerToolCall[] };
  logprobs: null;
  finish_reason: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [key: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: string | null;
  choices: ChatChoice[];
  usage: Usage;
}

export interface ReplyMeta {
  id: string;
  /** Passed to `respond` as ctx.request. */
  request: number;
  /** The `x-sample` request header: lets a client ask for distinct samples of one request. */
  sample: string | undefined;
  /** Recorded outputs, one per choice, when the request is answered from recordings. */
  recorded?: string[] | undefined;
}

export async function buildCompletion(body: ChatBody, options: TestServerOptions, meta: ReplyMeta): Promise<ChatCompletion> {
  const n = body.n ?? 1;
  const limit = body.max_completion_tokens ?? body.max_tokens;
  const script = options.respond || meta.recorded ? undefined : matchScript(options.script, body);
  const seed = `${body.model}\u0000${JSON.stringify(body.messages)}`;
  const choices: ChatChoice[] = [];
  let completionTokens = 0;
  let usageOverride: object | undefined;

  for (let index = 0; index < n; index++) {
    const recorded = meta.recorded?.[index];
    const reply: Reply = options.respond
      ? normalize(await options.respond(body, { index, request: meta.request }))
      : recorded !== undefined
        ? { content: recorded }
        : (script ?? defaultAnswer(body, index, meta.sample));
    const toolCalls = reply.tool_calls ? toServerCalls(reply.tool_calls, seed) : undefined;
    let content = reply.content ?? '';
    let finish = reply.finish_reason ?? (toolCalls ? 'tool_calls' : 'stop');
    let tokens = countTokens(content) + (toolCalls ? countTokens(JSON.stringify(toolCalls.map((call) => call.function))) : 0);
    if (limit !== undefined && tokens > limit) {
      content = truncateTokens(content, limit);
      tokens = limit;
      finish = 'length';
    }
    completionTokens += tokens;
    if (reply.usage) usageOverride = reply.usage;
    const message: ChatChoice['message'] = { role: 'assistant', content: toolCalls && content === '' ? null : content, refusal: null };
    if (toolCalls) message.tool_calls = toolCalls;
    choices.push({ index, message, logprobs: null, finish_reason: finish });
  }

  const promptTokens = countPromptTokens(body.messages);
  return {
    id: meta.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.responseModel?.[body.model] ?? body.model,
    system_fingerprint: options.systemFingerprint?.[body.model] === undefined ? 'fp_test' : options.systemFingerprint[body.model]!,
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
      ...usageOverride,
    },
  };
}

// Openers vary the text with the request (and seed, choice, x-sample) while the echo keeps it
// on topic, so text-similarity code sees "close but not identical" answers across models.
const OPENERS = ['', 'Sure. ', 'In short: ', 'Here is my answer. ', 'Certainly. ', 'Well, '];
const MAX_ECHO_CHARS = 2000;

/** A tool call when the request offers tools and names one (see tool-calls.ts), else text. */
function defaultAnswer(body: ChatBody, choice: number, sample: string | undefined): Reply {
  const calls = defaultToolCalls(body);
  if (calls) return { tool_calls: calls.map((call) => ({ name: call.function.name, arguments: call.function.arguments })) };
  return { content: defaultReply(body, choice, sample) };
}

/** Same request, same text; a different model, seed, choice or sample, different text. After a tool's answer, it echoes that. */
export function defaultReply(body: ChatBody, choice: number, sample?: string): string {
  const key = `${JSON.stringify(body.messages)}\u0000${body.seed ?? ''}\u0000${choice}\u0000${sample ?? ''}`;
  const opener = OPENERS[fnv1a(key, fnv1a(body.model)) % OPENERS.length];
  const last = lastIsToolResult(body.messages) ? `the tool answered ${toolAnswers(body.messages)}` : lastUserText(body.messages);
  const echo = last.length > MAX_ECHO_CHARS ? last.slice(0, MAX_ECHO_CHARS) : last;
  return `${body.model} says: ${opener}${echo || '(no user message)'}`;
}

/** A rule with tool calls answers only before the tools have: after their answers, the next rule or the default speaks. */
export function matchScript(rules: ScriptRule[] | undefined, body: ChatBody): ScriptRule | undefined {
  if (!rules || rules.length === 0) return undefined;
  const last = lastUserText(body.messages);
  const afterTools = lastIsToolResult(body.messages);
  return rules.find(
    (rule) =>
      (rule.model === undefined || rule.model === body.model) &&
      (rule.contains === undefined || last.includes(rule.contains)) &&
      !(rule.tool_calls && afterTools),
  );
}

/** The answers of the tools since the last assistant message, joined. */
function toolAnswers(messages: ChatMessage[]): string {
  const answers: string[] = [];
  for (let i = messages.length - 1; i >= 0 && (messages[i]!.role === 'tool' || messages[i]!.role === 'function'); i--) {
    answers.unshift(contentText(messages[i]!.content));
  }
  return answers.join(' ');
}

export function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') return contentText(messages[i]!.content);
  }
  return '';
}

// Roughly OpenAI's accounting: a few tokens of framing per message plus the content.
export function countPromptTokens(messages: ChatMessage[]): number {
  let total = 3;
  for (const message of messages) total += 3 + countTokens(contentText(message.content));
  return total;
}

type Reply = { content?: string; tool_calls?: WrittenToolCall[]; finish_reason?: string; usage?: object };

function normalize(result: RespondResult): Reply {
  if (typeof result === 'string') return { content: result };
  if (typeof result !== 'object' || result === null || (typeof result.content !== 'string' && !Array.isArray(result.tool_calls))) {
    throw new TypeError('respond() must return a string, { content: string } or { tool_calls: [...] }');
  }
  return result;
}
