import type { ChatMessage, Suite } from '../suite/types.js';
import { modelInfo, PRICE_TABLE_DATE } from './model-table.js';
import type { Cell } from './types.js';

export interface Price {
  input: number;
  output: number;
  /** `suite`: the target's own `price:`; `table`: pinned's list prices. */
  source: 'suite' | 'table';
}

export type OutputSource = 'history' | 'max_tokens' | 'unknown';

export interface TargetEstimate {
  target: string;
  model: string | null;
  /** Requests a run would send now (cells not done and not answered by a stored identical request). */
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

export interface ContextWarning {
  caseId: string;
  target: string;
  model: string;
  promptTokens: number;
  outputBudget: number;
  contextWindow: number;
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
  countPromptTokens: (messages: ChatMessage[], model: string) => number;
  /** Mean completion tokens the target produced in stored runs, when it has any. */
  history: Record<string, number | undefined>;
}

/** What a run would send and cost, per target, with nothing sent. */
export function estimateRun(input: EstimateInput): Estimate {
  const { suite, cells } = input;
  const byTarget = new Map<string, Cell[]>();
  for (const cell of cells) byTarget.set(cell.target, [...(byTarget.get(cell.target) ?? []), cell]);
  const warnings: ContextWarning[] = [];
  const targets = [...byTarget].map(([name, targetCells]): TargetEstimate => {
    const target = suite.targets[name]!;
    const model = target.kind === 'endpoint' ? target.model : null;
    const sending = targetCells.filter((cell) => input.toSend.has(cell));
    const budget = target.kind === 'endpoint' ? outputBudget(target.params) : undefined;
    const history = input.history[name];
    const perOutput = history ?? budget;
    let inputTokens = 0;
    const counted = new Map<string, number>();
    for (const cell of sending) {
      if (model === null || cell.request.kind !== 'chat') continue;
      let tokens = counted.get(cell.caseId);
      if (tokens === undefined) {
        tokens = input.countPromptTokens(cell.request.body.messages, model);
        counted.set(cell.caseId, tokens);
      }
      inputTokens += tokens;
    }
    if (model !== null) warnings.push(...contextWarnings(suite, name, model, budget, input.countPromptTokens));
    const price = priceOf(suite, name);
    const outputTokens = perOutput === undefined ? 0 : Math.round(perOutput * sending.length);
    const costUsd =
      model === null ? 0 : price === null || (perOutput === undefined && sending.length > 0) ? null : (inputTokens * price.input + outputTokens * price.output) / 1e6;
    return {
      target: name,
      model,
      requests: model === null ? 0 : sending.length,
      free: targetCells.length - (model === null ? 0 : sending.length),
      inputTokens,
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
    contextWarnings: warnings,
  };
}

/** The target's `price:`, else the table's list price for its model, else unknown. */
export function priceOf(suite: Suite, name: string): Price | null {
  const target = suite.targets[name];
  if (!target || target.kind !== 'endpoint') return null;
  if (target.price) return { ...target.price, source: 'suite' };
  const info = modelInfo(target.model);
  return info ? { ...info.price, source: 'table' } : null;
}

/** Output tokens a request may use: max_completion_tokens, else max_tokens. */
export function outputBudget(params: Record<string, unknown>): number | undefined {
  const value = params.max_completion_tokens ?? params.max_tokens;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Cases whose prompt plus output budget exceed the model's context window, per target. */
export function contextWarnings(
  suite: Suite,
  name: string,
  model: string,
  budget: number | undefined,
  count: (messages: ChatMessage[], model: string) => number,
): ContextWarning[] {
  const window = modelInfo(model)?.contextWindow;
  if (window === undefined) return [];
  const warnings: ContextWarning[] = [];
  for (const testCase of suite.cases) {
    const promptTokens = count(testCase.messages, model);
    if (promptTokens + (budget ?? 0) > window) {
      warnings.push({ caseId: testCase.id, target: name, model, promptTokens, outputBudget: budget ?? 0, contextWindow: window });
    }
  }
  return warnings;
}

export function costOf(usage: { promptTokens: number; completionTokens: number }, price: Price | null): number | null {
  return price ? (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1e6 : null;
}
