import { wireOf } from '../suite/api-key.js';
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
  const wire = wireOf(target);
  const { baseURL, defaultQuery } = splitQuery(wire.baseUrl);
  if (target.azure) {
    // The SDK's Azure client: /openai/deployments/{deployment}/..., ?api-version=, the key in the
    // api-key header. baseURL is given (not endpoint) so OPENAI_BASE_URL can never stand in for it.
    return new sdk.AzureOpenAI({
      apiKey: apiKey ?? 'no-key',
      baseURL: `${baseURL.replace(/\/+$/u, '')}/openai`,
      deployment: target.azure.deployment,
      apiVersion: target.azure.apiVersion,
      ...(defaultQuery && { defaultQuery }),
      organization: wire.organization ?? null,
      project: wire.project ?? null,
      defaultHeaders: wire.headers,
      maxRetries,
      timeout: target.timeoutMs,
      ...(fetch && { fetch }),
    });
  }
  return new sdk.OpenAI({
    apiKey: apiKey ?? 'no-key',
    baseURL,
    ...(defaultQuery && { defaultQuery }),
    // null, not undefined: undefined makes the SDK read OPENAI_ORG_ID / OPENAI_PROJECT_ID, a hidden input.
    organization: wire.organization ?? null,
    project: wire.project ?? null,
    defaultHeaders: wire.headers,
    maxRetries,
    timeout: target.timeoutMs,
    ...(fetch && { fetch }),
  });
}

/**
 * A base URL's query string (`?api-version=2024-06-01`) goes on every request: the SDK appends
 * the path to the base URL as text, which would put it inside the query.
 */
export function splitQuery(baseUrl: string): { baseURL: string; defaultQuery?: Record<string, string> } {
  const at = baseUrl.indexOf('?');
  if (at < 0 || !URL.canParse(baseUrl)) return { baseURL: baseUrl };
  return { baseURL: baseUrl.slice(0, at), defaultQuery: Object.fromEntries(new URL(baseUrl).searchParams) };
}
