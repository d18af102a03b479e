import type { ChatMessage, Suite } from '../suite/types.js';
import { modelInfo } from '../domain/model-table.js';
import { loadTokenCounter } from './token-counter.js';

export type PromptTokenCount = (messages: ChatMessage[], model: string) => number;

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
    const budget = outputBudget(target.params) ?? 0;
    for (const testCase of suite.cases) {
      if (promptTokenBound(testCase.messages) + budget <= window) continue;
      suspects.push({
        caseId: testCase.id,
        messages: testCase.messages,
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
  for (const { messages, ...suspect } of suspects) {
    const promptTokens = count(messages, suspect.model);
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

/** More tokens than this the prompt cannot have: the framing (see token-counter.ts) plus one per byte. */
export function promptTokenBound(messages: ChatMessage[]): number {
  let bound = 3;
  for (const message of messages) {
    bound += 3 + Buffer.byteLength(message.role) + Buffer.byteLength(message.content);
    if (message.name) bound += 1 + Buffer.byteLength(message.name);
  }
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
