import type { Job } from '../plan/types.js';
import type { PromptTokenCounter } from '../plan/token-counter.js';

/** What a reply may take when the request sets no limit: a guess, corrected once usage arrives. */
export const DEFAULT_OUTPUT_ALLOWANCE = 256;

/**
 * Tokens a job counts against tpm before it is sent: its prompt, counted with the model's
 * tokenizer, plus the most it may generate. Providers reserve max_tokens the same way; the
 * pacer replaces the estimate with the reported usage once the answer is in.
 */
export function tokenEstimator(countPromptTokens: PromptTokenCounter): (job: Job) => number {
  return (job) => {
    if (job.request.kind === 'responses') {
      const { body } = job.request;
      const limit = body.max_output_tokens;
      const output = typeof limit === 'number' && limit > 0 ? limit : DEFAULT_OUTPUT_ALLOWANCE;
      // Input items are counted as their JSON text: a little over what the model is billed.
      return countPromptTokens([{ role: 'user', content: JSON.stringify(body.input) }], body.model, body['tools']) + output;
    }
    if (job.request.kind !== 'chat') return 0;
    const { body } = job.request;
    const limit = body.max_completion_tokens ?? body.max_tokens;
    const output = typeof limit === 'number' && limit > 0 ? limit : DEFAULT_OUTPUT_ALLOWANCE;
    const choices = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
    return countPromptTokens(body.messages, body.model, body['tools']) + output * choices;
  };
}
