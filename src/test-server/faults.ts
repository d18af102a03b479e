import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendError, sendRaw } from './http-io.js';
import { type ApiError, type FaultRule } from './types.js';
import type { ServerState } from './state.js';

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
      sendRaw(
        state,
        res,
        200,
        '{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"cut he',
      );
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'body':
      // Well-formed JSON that is not what the API promises (content an object, choices missing...).
      sendRaw(state, res, 200, JSON.stringify(rule.body ?? null));
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
  401: {
    message: 'Incorrect API key provided: test. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: { message: 'You are not allowed to sample from this model', type: 'invalid_request_error', code: null },
  404: {
    message: 'The model `{model}` does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached for {model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};
