import { costOf } from './prices.js';
import { BATCH_DISCOUNT, modelInfo, PRICE_TABLE_DATE } from './model-table.js';
import type { Usage } from './outcome.js';

/** What costing needs of a stored target and its cells (store/'s rows have these fields). */
type CostedTarget = { config: Record<string, unknown> };
type CostedCell = { status: string; response: { usage: Usage | null; source: string; model: string | null } | null };

/** The price a target's outputs are costed at, and where it came from. */
export interface UsedPrice {
  /** USD per million tokens. */
  input: number;
  output: number;
  /** `suite`: the target's `price:`; `table`: pinned's list price for `model`. */
  source: 'suite' | 'table';
  /** The table entry priced (table prices only). */
  model?: string;
  /** When the table's prices were read (table prices only). */
  tableDate?: string;
  /** Priced at the model a recording's rows name (a replay target, or outputs imported for a model the table lacks). */
  fromRecording?: boolean;
}

export interface TargetCost {
  price: UsedPrice | null;
  /** Without a price: why, and what would give one, in words ("set price: on the target"). */
  noPrice?: string;
  /** Usage x price over the target's outputs; null when the price or any output's usage is unknown. */
  costUsd: number | null;
  /** costUsd per output, to compare targets that ran different numbers of samples. */
  perOutputUsd: number | null;
}

/**
 * What a target's outputs cost: the price stored with the run (what the run itself used), else the
 * table's price for the target's model (runs stored before prices were), else, for a recording,
 * the table's price for the model the recording says answered.
 */
export function targetCost(target: CostedTarget | undefined, cells: CostedCell[]): TargetCost {
  const ok = cells.filter((cell) => cell.status === 'ok');
  const price = usedPrice(target, ok);
  if (!price) return { price, costUsd: null, perOutputUsd: null, noPrice: whyNoPrice(target, ok) };
  const usage = ok.map((cell) => cell.response?.usage);
  if (usage.some((u) => u?.promptTokens == null || u.completionTokens == null)) return { price, costUsd: null, perOutputUsd: null };
  // Outputs the Batch API answered cost its discount off the table's list price.
  const discount = (cell: CostedCell) => (price.source === 'table' && cell.response?.source === 'batch' ? BATCH_DISCOUNT : 1);
  const costUsd = ok.reduce(
    (sum, cell, i) =>
      sum + discount(cell) * costOf({ promptTokens: usage[i]!.promptTokens!, completionTokens: usage[i]!.completionTokens! }, price)!,
    0,
  );
  return { price, costUsd, perOutputUsd: ok.length ? costUsd / ok.length : null };
}

/** The candidate's mean cost per output over the baseline's; null when either is unknown. */
export function costRatio(
  candidate: Pick<TargetCost, 'perOutputUsd'>,
  baseline: Pick<TargetCost, 'perOutputUsd'> | undefined,
): number | null {
  const base = baseline?.perOutputUsd ?? null;
  return candidate.perOutputUsd !== null && base !== null && base > 0 ? candidate.perOutputUsd / base : null;
}

function usedPrice(target: CostedTarget | undefined, ok: CostedCell[]): UsedPrice | null {
  const config = target?.config ?? {};
  const stored = config.price as { input?: unknown; output?: unknown; source?: unknown; table_date?: unknown } | null | undefined;
  if (stored && typeof stored.input === 'number' && typeof stored.output === 'number') {
    const fromTable = stored.source === 'table';
    const model = typeof config.model === 'string' ? modelInfo(config.model)?.name : undefined;
    return {
      input: stored.input,
      output: stored.output,
      source: fromTable ? 'table' : 'suite',
      ...(fromTable && model && { model }),
      ...(fromTable && typeof stored.table_date === 'string' && { tableDate: stored.table_date }),
    };
  }
  const own = typeof config.model === 'string' ? modelInfo(config.model) : undefined;
  if (own) return { ...own.price, source: 'table', model: own.name, tableDate: PRICE_TABLE_DATE };
  // Recorded outputs (a replay target, or outputs imported for a model the table lacks) say which model answered.
  const named = recordedModel(ok);
  const info = named ? modelInfo(named) : undefined;
  return info ? { ...info.price, source: 'table', model: info.name, tableDate: PRICE_TABLE_DATE, fromRecording: true } : null;
}

function recordedModel(ok: CostedCell[]): string | undefined {
  return mostCommon(
    ok.filter((cell) => cell.response?.source === 'replay' || cell.response?.source === 'import').map((cell) => cell.response?.model),
  );
}

/** A replay target cannot take price:, so it is told what it can do instead. */
function whyNoPrice(target: CostedTarget | undefined, ok: CostedCell[]): string {
  const config = target?.config ?? {};
  const named = recordedModel(ok);
  if (typeof config.model === 'string') {
    if (named) return `no price known for ${config.model} or ${named}, the model the recording names: set price: on the target`;
    return 'no price known: set price: on the target';
  }
  if (named) return `no price known for ${named}, the model the recording names`;
  return 'no price known: the recording names no model; add "model" to its rows';
}

function mostCommon(values: Array<string | null | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
