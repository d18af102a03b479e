import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { fnv1a, mulberry32 } from './hash.js';
import { sendError, sendRaw, type ApiError } from './http-io.js';
import type { FaultRule } from './server.js';
import type { ServerState } from './state.js';

const CHAT_PATH = '/v1/chat/completions';
const ACTIONS = new Set(['status', 'hang', 'malformed', 'reset']);

/**
 * The fault rules of one configuration with their remaining `times`. Each rule rolls its own
 * PRNG, so which of its matching requests it hits depends only on the order of those requests,
 * not on traffic other rules see.
 */
export class FaultBook {
  private readonly rules: FaultRule[];
  private readonly remaining: number[];
  private readonly rolls: (() => number)[];

  constructor(rules: FaultRule[], seed: number) {
    checkFaultRules(rules);
    this.rules = rules.map((rule) => ({ ...rule }));
    this.remaining = rules.map((rule) => rule.times ?? Infinity);
    this.rolls = rules.map((_, i) => mulberry32(fnv1a(String(i), seed)));
  }

  /** The rule to apply to this request, if any; using it counts against its `times`. */
  pick(path: string, model: string | undefined): FaultRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      if ((rule.path ?? CHAT_PATH) !== path) continue;
      if (rule.model !== undefined && rule.model !== model) continue;
      if (this.remaining[i]! <= 0) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && !(this.rolls[i]!() < rate)) continue;
      this.remaining[i]!--;
      return rule;
    }
    return undefined;
  }
}

export function checkFaultRules(rules: unknown): asserts rules is FaultRule[] {
  if (!Array.isArray(rules)) throw new TypeError('faults must be an array');
  rules.forEach((rule: Partial<FaultRule> | null, i) => {
    const where = `faults[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new TypeError(`${where} must be an object`);
    if (!ACTIONS.has(rule.action as string)) throw new TypeError(`${where}.action must be one of status, hang, malformed, reset`);
    if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1)) {
      throw new TypeError(`${where}.rate must be a number from 0 to 1`);
    }
    if (rule.times !== undefined && !(typeof rule.times === 'number' && rule.times >= 0)) {
      throw new TypeError(`${where}.times must be a number >= 0`);
    }
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
      throw new TypeError(`${where}.status must be an HTTP status`);
    }
  });
}

export function applyFault(state: ServerState, req: IncomingMessage, res: ServerResponse, rule: FaultRule, model?: string): void {
  switch (rule.action) {
    case 'status': {
      const headers: OutgoingHttpHeaders = {};
      if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
      if (rule.retryAfterMs !== undefined) headers['retry-after-ms'] = String(rule.retryAfterMs);
      sendError(state, res, faultError(rule, model), headers);
      return;
    }
    case 'hang':
      // Never answered: the client's timeout or close() ends it, and the in-flight gauge with it.
      return;
    case 'malformed':
      // Cut mid-string, with a matching content-length, so the client reads it all and then fails to parse.
      sendRaw(state, res, 200, '{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"cut he');
      return;
    case 'reset':
      req.socket.destroy();
      return;
  }
}

function faultError(rule: FaultRule, model: string | undefined): ApiError {
  const status = rule.status ?? 500;
  const preset = PRESETS[status] ?? {
    message: `Injected error ${status} from the pinned test server.`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  const message = rule.message ?? preset.message.replace('{model}', model ?? 'unknown');
  return { status, message, type: rule.type ?? preset.type, param: null, code: rule.code ?? preset.code };
}

// Close to what OpenAI answers for each status, so client code written against the real API
// (which may look at type or code) takes the same branch here.
const PRESETS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Bad request (injected by the pinned test server).', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided: test. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to sample from this model', type: 'invalid_request_error', code: null },
  404: { message: 'The model `{model}` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  429: { message: 'Rate limit reached for {model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};
