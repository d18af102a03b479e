import { rewriteParam, type ParamRewrite } from '../domain/params-compat.js';
import type { ChatRequest } from '../plan/types.js';
import type { AttemptResult, Sender } from './types.js';

export interface ParamsCompatOptions {
  target: string;
  mode: 'strict' | 'auto';
  /** Called once per param the provider rejected and pinned rewrote (auto). */
  onRewrite?: (rewrite: ParamRewrite) => void;
}

type FailedAttempt = Extract<AttemptResult, { ok: false }>;

// Each resend rewrites one more param; a model rejecting more than this is not one we can fix.
const MAX_REWRITES = 8;

/**
 * Handles the provider's "unsupported parameter" 400 for one target. strict: the failure stops
 * the target (every other cell fails with the same message, unsent), naming the param and the
 * fix. auto: the param is rewritten (max_tokens -> max_completion_tokens, a sampling param
 * dropped) and the executor sends the job again at once, through its pacer like any request;
 * every later request of the target goes out rewritten too. A result carries the request
 * actually sent when it differs from the planned one, so that is what gets stored.
 */
export function withParamsCompat(inner: Sender, options: ParamsCompatOptions): Sender {
  const learned: string[] = [];
  return {
    async send(job, signal) {
      if (job.request.kind === 'responses') {
        // Translated up front (auto) or sent as written (strict): a param the Responses API rejects stops the target.
        const result = await inner.send(job, signal);
        const param = result.ok ? undefined : unsupportedParam(result);
        return param === undefined || result.ok ? result : stopTarget(result, param, options, 'responses');
      }
      if (job.request.kind !== 'chat') return inner.send(job, signal);
      const request = applyLearned(job.request, learned);
      const result = await inner.send(request === job.request ? job : { ...job, request }, signal);
      const withRequest: AttemptResult = request === job.request ? result : { ...result, request };
      if (withRequest.ok) return withRequest;
      const param = unsupportedParam(withRequest);
      if (param === undefined) return withRequest;
      const rewritable = options.mode === 'auto' && learned.length < MAX_REWRITES;
      const rewritten = rewritable ? rewriteParam(request.body, param, rejectedReason(withRequest)) : undefined;
      if (!rewritten) return stopTarget(withRequest, param, options);
      // Jobs in flight together all meet the same 400: the rewrite is learned and recorded once.
      if (!learned.includes(param)) {
        learned.push(param);
        options.onRewrite?.(rewritten.rewrite);
      }
      return { ...withRequest, resend: true };
    },
  };
}

function applyLearned(request: ChatRequest, learned: string[]): ChatRequest {
  let body: Record<string, unknown> = request.body;
  for (const param of learned) body = rewriteParam(body, param, '')?.params ?? body;
  return body === request.body ? request : { ...request, body: body as ChatRequest['body'] };
}

const UNSUPPORTED_CODES = new Set(['unsupported_parameter', 'unsupported_value']);

/** The param of OpenAI's "Unsupported parameter/value" 400; some proxies only name it in the message. */
function unsupportedParam(failure: FailedAttempt): string | undefined {
  if (failure.kind !== 'http' || failure.status !== 400 || !UNSUPPORTED_CODES.has(failure.code ?? '')) return undefined;
  return failure.param ?? /'([A-Za-z_]+)'/.exec(failure.message)?.[1];
}

function rejectedReason(failure: FailedAttempt): string {
  return `the provider rejected it: 400 ${failure.code}`;
}

function stopTarget(
  failure: FailedAttempt,
  param: string,
  options: ParamsCompatOptions,
  api: 'chat' | 'responses' = 'chat',
): FailedAttempt {
  const rename = api === 'responses' ? 'max_output_tokens' : 'max_completion_tokens';
  const fix =
    options.mode === 'auto'
      ? `pinned cannot rewrite '${param}': remove it from the target's params`
      : `set params_compat: auto on target '${options.target}' to have pinned ${api === 'responses' ? "translate it to the Responses API's terms" : 'rewrite it'}, or ${
          param === 'max_tokens' || param === 'max_completion_tokens' ? `rename ${param} to ${rename}` : `remove '${param}'`
        } in its params`;
  return { ...failure, message: `${failure.message} (target '${options.target}' stopped: ${fix})`, stopsTarget: true };
}
