import type { ChatMessage, Suite } from '../suite/types.js';
import { modelInfo } from '../domain/model-table.js';
import { loadTokenCounter } from './token-counter.js';
import { IMAGE_TOKENS_UPPER_BOUND } from './image-tokens.js';
import { messageImages, messageText } from '../suite/message-content.js';

export type PromptTokenCount = (messages: ChatMessage[], model: string, tools?: unknown) => number;

export interface ContextWarning {
  caseId: string;
  target: string;
  model: string;
  promptTokens: number;
  outputBudget: number;
  contextWindow: number;
}

/** A (case, target) whose prompt might not fit with its output budget; only a tokenizer can tell. */
export interface ContextSuspect {
  caseId: string;
  messages: ChatMessage[];
  /** The tool definitions the request carries. */
  tools?: unknown;
  target: string;
  model: string;
  outputBudget: number;
  contextWindow: number;
}

/**
 * The (case, target) pairs that could exceed the target's context window. A BPE token is at least
 * one byte of UTF-8, so a prompt whose bytes (plus the chat framing) fit with room for the output
 * cannot overflow: most suites are cleared without loading a tokenizer at all.
 */
export function contextSuspects(suite: Suite, targets: string[]): ContextSuspect[] {
  const suspects: ContextSuspect[] = [];
  for (const name of targets) {
    const target = suite.targets[name];
    if (target?.kind !== 'endpoint') continue;
    const window = modelInfo(target.model)?.contextWindow;
    if (window === undefined) continue;
    for (const testCase of suite.cases) {
      const params = testCase.params ? { ...target.params, ...testCase.params } : target.params;
      // A conversation's last request holds every turn, and the answers to the earlier ones (at most the budget each).
      const turns = testCase.turns ?? [];
      const budget = (outputBudget(params) ?? 0) * Math.max(1, turns.length);
      const tools = params['tools'];
      const messages = turns.length ? [...testCase.messages, ...turns.map((turn) => turn.user)] : testCase.messages;
      if (promptTokenBound(messages, tools) + budget <= window) continue;
      suspects.push({
        caseId: testCase.id,
        messages,
        ...(tools !== undefined && { tools }),
        target: name,
        model: target.model,
        outputBudget: budget,
        contextWindow: window,
      });
    }
  }
  return suspects;
}

/** The suspects that do overflow, counted with the model's tokenizer. */
export function confirmContextWarnings(suspects: ContextSuspect[], count: PromptTokenCount): ContextWarning[] {
  const warnings: ContextWarning[] = [];
  for (const { messages, tools, ...suspect } of suspects) {
    const promptTokens = count(messages, suspect.model, tools);
    if (promptTokens + suspect.outputBudget > suspect.contextWindow) {
      warnings.push({
        caseId: suspect.caseId,
        target: suspect.target,
        model: suspect.model,
        promptTokens,
        outputBudget: suspect.outputBudget,
        contextWindow: suspect.contextWindow,
      });
    }
  }
  return warnings;
}

/** More tokens than this the prompt cannot have: the framing (see token-counter.ts) plus one per byte, and each image at most. */
export function promptTokenBound(messages: ChatMessage[], tools?: unknown): number {
  let bound = 3;
  for (const message of messages) {
    bound += 3 + Buffer.byteLength(message.role) + Buffer.byteLength(messageText(message));
    bound += messageImages(message).length * IMAGE_TOKENS_UPPER_BOUND;
    for (const call of message.tool_calls ?? [])
      bound += 3 + Buffer.byteLength(call.function.name) + Buffer.byteLength(call.function.arguments);
    if (message.tool_call_id) bound += Buffer.byteLength(message.tool_call_id);
    if (message.name) bound += 1 + Buffer.byteLength(message.name);
  }
  if (Array.isArray(tools) && tools.length > 0) bound += Buffer.byteLength(JSON.stringify(tools));
  return bound;
}

/** Output tokens a request may use: max_completion_tokens, else max_tokens. */
export function outputBudget(params: Record<string, unknown>): number | undefined {
  const value = params.max_completion_tokens ?? params.max_tokens;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Cases that will not fit a target's context window; the tokenizer is loaded only when one might not. */
export async function checkContextWindows(suite: Suite, names: string[]): Promise<ContextWarning[]> {
  const suspects = contextSuspects(suite, names);
  return suspects.length === 0 ? [] : confirmContextWarnings(suspects, await loadTokenCounter());
}
