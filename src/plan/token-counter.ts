import type { ChatMessage } from '../suite/types.js';
import { encodingFor, type Encoding } from '../domain/model-table.js';

export type PromptTokenCounter = (messages: ChatMessage[], model: string) => number;

/**
 * Prompt tokens as OpenAI bills them for chat models: each message costs 3 tokens of framing
 * plus its role and content (and 1 more with a name), and the reply is primed with 3 (OpenAI's
 * cookbook, "How to count tokens with tiktoken"). Texts are counted with the model's own
 * encoding through gpt-tokenizer, loaded only when an estimate is asked for: the encodings are
 * large and a run does not need them.
 */
export async function loadTokenCounter(): Promise<PromptTokenCounter> {
  const count = await loadEncodings();
  return (messages, model) => {
    const tokens = count[encodingFor(model)];
    let total = 3;
    for (const message of messages) {
      total += 3 + tokens(message.role) + tokens(message.content);
      if (message.name) total += 1 + tokens(message.name);
    }
    return total;
  };
}

/** Tokens of a text (an output) with the model's own encoding. */
export async function loadTextTokenCounter(): Promise<(text: string, model: string) => number> {
  const count = await loadEncodings();
  return (text, model) => count[encodingFor(model)](text);
}

async function loadEncodings(): Promise<Record<Encoding, (text: string) => number>> {
  const [cl100k, o200k] = await Promise.all([import('gpt-tokenizer/encoding/cl100k_base'), import('gpt-tokenizer/encoding/o200k_base')]);
  return { cl100k_base: cl100k.countTokens, o200k_base: o200k.countTokens };
}
