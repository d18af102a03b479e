import type { ChatMessage } from '../suite/types.js';
import { encodingFor, type Encoding } from '../domain/model-table.js';
import { messageImages, messageText } from '../suite/message-content.js';
import { imageTokens } from './image-tokens.js';

/** `tools`: the request's tool definitions, which count towards the prompt too. */
export type PromptTokenCounter = (messages: ChatMessage[], model: string, tools?: unknown) => number;

/**
 * Prompt tokens as OpenAI bills them for chat models: each message costs 3 tokens of framing
 * plus its role and content (and 1 more with a name), and the reply is primed with 3 (OpenAI's
 * cookbook, "How to count tokens with tiktoken"). Content parts count their text and each image
 * (image-tokens.ts); an assistant turn's tool calls count their names and arguments, a tool
 * message its call id; the request's tool definitions count as their JSON text (OpenAI's own
 * framing of functions differs by a few tokens). Texts are counted with the model's own
 * encoding through gpt-tokenizer, loaded only when an estimate is asked for: the encodings are
 * large and a run does not need them.
 */
export async function loadTokenCounter(): Promise<PromptTokenCounter> {
  const count = await loadEncodings();
  return (messages, model, tools) => {
    const tokens = count[encodingFor(model)];
    let total = 3;
    for (const message of messages) {
      total += 3 + tokens(message.role) + tokens(messageText(message));
      for (const image of messageImages(message)) total += imageTokens(image);
      for (const call of message.tool_calls ?? []) total += 3 + tokens(call.function.name) + tokens(call.function.arguments);
      if (message.tool_call_id) total += tokens(message.tool_call_id);
      if (message.name) total += 1 + tokens(message.name);
    }
    if (Array.isArray(tools) && tools.length > 0) total += tokens(JSON.stringify(tools));
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
