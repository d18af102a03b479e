import type { Job } from '../plan/types.js';
import type { EndpointTarget } from '../suite/types.js';
import { failedAttempt } from './chat-errors.js';
import { messageToolCalls } from './message-tool-calls.js';
import { responseResult } from './response-result.js';
import { malformed, stringOrNull } from './answer-shape.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { AttemptResult, Sender } from './types.js';
import { createHttpFetch } from './http-fetch.js';
import { openaiClient } from './sdk-client.js';
import { toUsage } from './usage.js';

type ChatBody = import('openai').OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type ResponsesBody = import('openai').OpenAI.Responses.ResponseCreateParamsNonStreaming;

/** A sender for one OpenAI-compatible endpoint target (Chat Completions, or the Responses API): one SDK client, no SDK-side retries. */
export async function createChatSender(target: EndpointTarget, apiKey: string | undefined): Promise<Sender> {
  // Loaded here, not at the top: the SDK is large and most CLI commands never send a request.
  const sdk = await import('openai');
  // No SDK retries: they belong to the executor, which knows about lanes, rate-limit pauses and interrupts.
  // Its own keep-alive agent and a leaner fetch than the built-in one (see http-fetch.ts).
  const client = openaiClient(sdk, target, apiKey, 0, createHttpFetch());
  const redact = redactor(apiKey);

  return {
    async send(job: Job, signal: AbortSignal): Promise<AttemptResult> {
      if (job.request.kind !== 'chat' && job.request.kind !== 'responses') {
        const message = `target '${target.name}' calls an endpoint but case '${job.caseId}' has a ${job.request.kind} request`;
        return { ok: false, kind: 'unknown', message, retryable: false, latencyMs: 0 };
      }
      // The SDK's timeout stops once the headers arrive; this one also covers a body that stalls.
      const controller = new AbortController();
      let timedOut = false;
      const onAbort = (): void => controller.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) controller.abort();
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, target.timeoutMs);
      const started = performance.now();
      try {
        // The body goes out exactly as planned: pinned adds no parameters of its own.
        const options = { signal: controller.signal };
        const { data, response } =
          job.request.kind === 'responses'
            ? await client.responses.create(job.request.body as unknown as ResponsesBody, options).withResponse()
            : await client.chat.completions.create(job.request.body as unknown as ChatBody, options).withResponse();
        const elapsed = performance.now() - started;
        const result = job.request.kind === 'responses' ? responseResult(data, elapsed) : completionResult(data, elapsed);
        const rateLimit = readRateLimitHeaders(response.headers);
        return rateLimit ? { ...result, rateLimit } : result;
      } catch (error) {
        const context = { latencyMs: performance.now() - started, timedOut, aborted: signal.aborted, timeoutMs: target.timeoutMs };
        const failure = failedAttempt(sdk, error, context);
        return { ...failure, message: redact(failure.message) };
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** A 2xx is only a success if it is a chat completion; proxies sometimes answer 200 with an HTML page. */
export function completionResult(data: unknown, latencyMs: number): AttemptResult {
  if (typeof data !== 'object' || data === null) {
    return malformed(`expected a chat completion object, got ${typeof data === 'string' ? 'a non-JSON body' : String(data)}`, latencyMs);
  }
  const completion = data as Record<string, unknown>;
  const choices = completion['choices'];
  if (!Array.isArray(choices) || choices.length === 0) return malformed('the response has no choices', latencyMs);
  const choice = choices[0] as Record<string, unknown> | null;
  const message = choice?.['message'] as Record<string, unknown> | null | undefined;
  if (typeof message !== 'object' || message === null) return malformed('choices[0] has no message', latencyMs);

  // Text or nothing (null, absent): anything else breaks the API's promise, and storing it as an
  // empty answer would compare a provider's bug as the model's reply.
  const content = textOrNothing(message, 'content');
  if (typeof content === 'object') return malformed(content.problem, latencyMs);
  const refusal = textOrNothing(message, 'refusal');
  if (typeof refusal === 'object') return malformed(refusal.problem, latencyMs);
  const toolCalls = messageToolCalls(message, 'choices[0].message');
  if ('problem' in toolCalls) return malformed(toolCalls.problem, latencyMs);
  return {
    ok: true,
    // A refusal is the model's answer to the case, so it is compared like any other output.
    output: content === '' && refusal !== '' ? refusal : content,
    ...(refusal !== '' && { refusal }),
    ...(toolCalls.length > 0 && { toolCalls }),
    finishReason: stringOrNull(choice?.['finish_reason']),
    model: stringOrNull(completion['model']),
    systemFingerprint: stringOrNull(completion['system_fingerprint']),
    usage: toUsage(completion['usage']),
    latencyMs,
    source: 'api',
  };
}

/** The field's text ('' when null or absent), or what is wrong with it. */
function textOrNothing(message: Record<string, unknown>, field: 'content' | 'refusal'): string | { problem: string } {
  const value = message[field];
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return { problem: `choices[0].message.${field} is ${kind}, not text or null` };
}

/** Keys must never reach messages, which end up in the database and reports; some proxies echo them. */
export function redactor(apiKey: string | undefined): (text: string) => string {
  if (apiKey === undefined || apiKey.length < 4) return (text) => text;
  return (text) => text.replaceAll(apiKey, '[redacted]');
}
