import type { ChatMessage, EndpointTarget, Suite } from '../suite/types.js';
import { confirmContextWarnings, contextSuspects, outputBudget, type ContextWarning } from './context-window.js';
import { PRICE_TABLE_DATE } from '../domain/model-table.js';
import { priceOf, type Price } from '../domain/prices.js';
import type { Cell } from './types.js';

export type OutputSource = 'history' | 'max_tokens' | 'unknown';

export interface TargetEstimate {
  target: string;
  model: string | null;
  /** Requests a run would send now (cells not done and not answered by a stored identical request; a conversation sends one a turn). */
  requests: number;
  /** Cells answered without a request (resumed or reused). */
  free: number;
  inputTokens: number;
  outputTokens: number;
  outputSource: OutputSource;
  price: Price | null;
  /** null when the price is unknown, or the output budget is. */
  costUsd: number | null;
}

export interface Estimate {
  targets: TargetEstimate[];
  totalUsd: number | null;
  priceTableDate: string;
  contextWarnings: ContextWarning[];
}

export interface EstimateInput {
  suite: Suite;
  /** Every cell of the run, and which of them would actually be sent. */
  cells: Cell[];
  toSend: Set<Cell>;
  /** Prompt tokens of a case's messages for a model, counted with the model's tokenizer. */
  countPromptTokens: (messages: ChatMessage[], model: string, tools?: unknown) => number;
  /** Mean completion tokens the target produced in stored runs, when it has any. */
  history: Record<string, number | undefined>;
  /** Targets whose cells go through the Batch API (`--batch` or `batch: true`). */
  batched?: Set<string>;
}

/** What a run would send and cost, per target, with nothing sent. */
export function estimateRun(input: EstimateInput): Estimate {
  const { suite, cells } = input;
  const casesById = new Map(suite.cases.map((c) => [c.id, c]));
  const byTarget = new Map<string, Cell[]>();
  for (const cell of cells) byTarget.set(cell.target, [...(byTarget.get(cell.target) ?? []), cell]);
  // Samples (and the context check) share a case's messages: count each once per model.
  const counted = new Map<string, WeakMap<ChatMessage[], number>>();
  const count = (messages: ChatMessage[], model: string, tools?: unknown) => {
    // A case's tools come with its messages: one count per (messages, model) still holds.
    const byMessages = counted.get(model) ?? new WeakMap<ChatMessage[], number>();
    counted.set(model, byMessages);
    let tokens = byMessages.get(messages);
    if (tokens === undefined) byMessages.set(messages, (tokens = input.countPromptTokens(messages, model, tools)));
    return tokens;
  };
  const targets = [...byTarget].map(([name, targetCells]): TargetEstimate => {
    const target = suite.targets[name]!;
    const model = target.kind === 'endpoint' ? target.model : null;
    const sending = model === null ? [] : targetCells.filter((cell) => input.toSend.has(cell));
    const budget = target.kind === 'endpoint' ? outputBudget(target.params) : undefined;
    const history = input.history[name];
    const perOutput = history ?? budget;
    let inputTokens = 0;
    let answers = 0;
    for (const cell of sending) {
      const { request } = cell;
      if (request.kind === 'chat') {
        inputTokens += count(request.body.messages, model!, request.body['tools']);
        answers++;
      } else if (request.kind === 'responses') {
        // The same messages, as input items: counted as the messages they are.
        const messages = casesById.get(cell.caseId)?.messages ?? [];
        inputTokens += count(messages, model!, request.body['tools']);
        answers++;
      } else if (request.kind === 'conversation') {
        // Turn t sends every earlier turn with the target's answers to them (counted at the output estimate).
        const messages = [...request.body.messages];
        for (const [t, turn] of request.turns.entries()) {
          messages.push(turn.user);
          inputTokens += input.countPromptTokens(messages, model!, request.body['tools']) + t * (perOutput ?? 0);
        }
        answers += request.turns.length;
      }
    }
    const price = priceOf(suite, name, input.batched?.has(name) ?? false);
    const outputTokens = perOutput === undefined ? 0 : Math.round(perOutput * answers);
    const unknown = price === null || (perOutput === undefined && sending.length > 0);
    const costUsd = sending.length === 0 ? 0 : unknown ? null : (inputTokens * price.input + outputTokens * price.output) / 1e6;
    return {
      target: name,
      model,
      // A conversation sends a request a turn; a turn's prompt counts the turns before it at an average answer's length.
      requests: answers,
      free: targetCells.length - sending.length,
      inputTokens: Math.round(inputTokens),
      outputTokens,
      outputSource: history !== undefined ? 'history' : budget !== undefined ? 'max_tokens' : 'unknown',
      price,
      costUsd,
    };
  });
  const costs = targets.map((t) => t.costUsd);
  return {
    targets,
    totalUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
    priceTableDate: PRICE_TABLE_DATE,
    contextWarnings: confirmContextWarnings(contextSuspects(suite, [...byTarget.keys()]), count),
  };
}
