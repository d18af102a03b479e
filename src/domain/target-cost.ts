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
export function targetCost(target: CostedTarget | undefined, cells: Iterable<CostedCell>): TargetCost {
  const tally = costTally();
  for (const cell of cells) tally.add(cell);
  return tally.cost(target);
}

export type CostTally = ReturnType<typeof costTally>;

/**
 * targetCost as cells go by, for a caller that passes over a run's cells once for several figures
 * (a big run's cells are read from the store as they are iterated, not held): token sums, not a list.
 */
export function costTally() {
  let ok = 0;
  let unknownUsage = false;
  // Outputs the Batch API answered cost its discount off the table's list price: summed apart.
  const batch = { promptTokens: 0, completionTokens: 0 };
  const other = { promptTokens: 0, completionTokens: 0 };
  const recordedModels = new Map<string, number>();
  return {
    add(cell: CostedCell): void {
      if (cell.status !== 'ok') return;
      ok++;
      const response = cell.response;
      if ((response?.source === 'replay' || response?.source === 'import') && response.model)
        recordedModels.set(response.model, (recordedModels.get(response.model) ?? 0) + 1);
      const usage = response?.usage;
      if (usage?.promptTokens == null || usage.completionTokens == null) {
        unknownUsage = true;
        return;
      }
      const sum = response?.source === 'batch' ? batch : other;
      sum.promptTokens += usage.promptTokens;
      sum.completionTokens += usage.completionTokens;
    },
    cost(target: CostedTarget | undefined): TargetCost {
      const named = mostCommon(recordedModels);
      const price = usedPrice(target, named);
      if (!price) return { price, costUsd: null, perOutputUsd: null, noPrice: whyNoPrice(target, named) };
      if (unknownUsage) return { price, costUsd: null, perOutputUsd: null };
      const discount = price.source === 'table' ? BATCH_DISCOUNT : 1;
      const costUsd = costOf(other, price)! + discount * costOf(batch, price)!;
      return { price, costUsd, perOutputUsd: ok ? costUsd / ok : null };
    },
  };
}

/** The candidate's mean cost per output over the baseline's; null when either is unknown. */
export function costRatio(
  candidate: Pick<TargetCost, 'perOutputUsd'>,
  baseline: Pick<TargetCost, 'perOutputUsd'> | undefined,
): number | null {
  const base = baseline?.perOutputUsd ?? null;
  return candidate.perOutputUsd !== null && base !== null && base > 0 ? candidate.perOutputUsd / base : null;
}

function usedPrice(target: CostedTarget | undefined, named: string | undefined): UsedPrice | null {
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
  const info = named ? modelInfo(named) : undefined;
  return info ? { ...info.price, source: 'table', model: info.name, tableDate: PRICE_TABLE_DATE, fromRecording: true } : null;
}

/** A replay target cannot take price:, so it is told what it can do instead. */
function whyNoPrice(target: CostedTarget | undefined, named: string | undefined): string {
  const config = target?.config ?? {};
  if (typeof config.model === 'string') {
    if (named) return `no price known for ${config.model} or ${named}, the model the recording names: set price: on the target`;
    return 'no price known: set price: on the target';
  }
  if (named) return `no price known for ${named}, the model the recording names`;
  return 'no price known: the recording names no model; add "model" to its rows';
}

function mostCommon(counts: ReadonlyMap<string, number>): string | undefined {
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
