import type { EndpointTarget } from '../suite/types.js';

type OpenAIModule = typeof import('openai');

/** An SDK client for one endpoint target; `maxRetries` is the SDK's own, 0 where the executor retries. */
export function openaiClient(
  sdk: OpenAIModule,
  target: EndpointTarget,
  apiKey: string | undefined,
  maxRetries: number,
  fetch?: typeof globalThis.fetch,
): InstanceType<OpenAIModule['OpenAI']> {
  return new sdk.OpenAI({
    apiKey: apiKey ?? 'no-key',
    baseURL: target.baseUrl,
    // null, not undefined: undefined makes the SDK read OPENAI_ORG_ID / OPENAI_PROJECT_ID, a hidden input.
    organization: target.organization ?? null,
    project: target.project ?? null,
    defaultHeaders: target.headers,
    maxRetries,
    timeout: target.timeoutMs,
    ...(fetch && { fetch }),
  });
}
