import type { EndpointTarget } from '../suite/types.js';
import { failedAttempt } from './chat-errors.js';
import { openaiClient } from './sdk-client.js';
import { DEFAULT_BACKOFF, retryDelay, shouldRetry } from './retry-policy.js';

export interface Embedder {
  /** One vector per text, in order, and the tokens the provider counted. */
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; tokens: number }>;
}

/** Texts per request: large batches are cheap for the provider and keep request counts low. */
const BATCH = 64;

/** Embeddings through the OpenAI-compatible /embeddings endpoint, with the executor's retry policy. */
export async function createEmbedder(target: EndpointTarget, apiKey: string | undefined): Promise<Embedder> {
  const sdk = await import('openai');
  const client = openaiClient(sdk, target, apiKey, 0);

  async function batch(texts: string[]): Promise<{ vectors: Float32Array[]; tokens: number }> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const response = await client.embeddings.create({ model: target.model, input: texts, encoding_format: 'float' });
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => Float32Array.from(item.embedding));
        if (vectors.length !== texts.length) throw new Error(`asked for ${texts.length} embeddings, got ${vectors.length}`);
        return { vectors, tokens: response.usage?.prompt_tokens ?? 0 };
      } catch (error) {
        const failure = failedAttempt(sdk, error, {
          latencyMs: performance.now() - started,
          timedOut: false,
          aborted: false,
          timeoutMs: target.timeoutMs,
        });
        if (!shouldRetry(failure, attempt, target.maxRetries)) {
          throw new Error(
            `embeddings request to ${target.baseUrl} failed: ${failure.status ?? failure.kind} ${failure.message}`.replaceAll(
              apiKey ?? '\u0000',
              '[redacted]',
            ),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt, failure, DEFAULT_BACKOFF)));
      }
    }
  }

  return {
    async embed(texts) {
      const vectors: Float32Array[] = [];
      let tokens = 0;
      for (let start = 0; start < texts.length; start += BATCH) {
        const result = await batch(texts.slice(start, start + BATCH));
        vectors.push(...result.vectors);
        tokens += result.tokens;
      }
      return { vectors, tokens };
    },
  };
}
