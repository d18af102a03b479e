import { checkContextWindows, type ContextWarning } from '../plan/context-window.js';
import { estimateRun, type Estimate } from '../plan/estimate.js';
import { loadTokenCounter } from '../plan/token-counter.js';
import type { Cell } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { Suite } from '../suite/types.js';
import type { PreparedRun } from './prepare-run.js';
import { CostError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import { unknownCostNotes } from '../terminal/cost.js';
import { formatPrice, formatUsd } from '../domain/prices.js';

/** What sending `jobs` would cost, output lengths learned from this suite's stored runs when it has any. */
export async function estimateJobs(prepared: PreparedRun, store: Store | undefined): Promise<Estimate> {
  const { suite, cells, plan, batched } = prepared;
  const endpoints = [...new Set(cells.map((cell) => cell.target))].flatMap((name) => {
    const target = suite.targets[name]!;
    return target.kind === 'endpoint' ? [{ name, model: target.model }] : [];
  });
  return estimateRun({
    suite,
    cells,
    toSend: new Set<Cell>(plan.jobs),
    countPromptTokens: await loadTokenCounter(),
    history: store ? store.completionHistory(suite.name, endpoints) : {},
    batched,
  });
}

/**
 * Before a run sends anything: warns of cases over a context window and, with --max-cost, refuses
 * to start when the estimate of what would be sent exceeds it or cannot be made.
 */
export async function preflight(
  prepared: PreparedRun,
  store: Store,
  maxCost: number | undefined,
): Promise<{ contextWarnings: ContextWarning[]; estimate?: Estimate }> {
  const { suite } = prepared;
  if (maxCost === undefined) return { contextWarnings: await checkContextWindows(suite, prepared.names) };
  const estimate = await estimateJobs(prepared, store);
  const hint = `see pinned estimate ${displayPath(suite.path)} for the details`;
  if (estimate.totalUsd === null) {
    throw new CostError(
      'COST_UNKNOWN',
      `cannot check --max-cost ${maxCost}: the cost of what this run would send is unknown; nothing was sent`,
      unknownCostNotes(estimate.targets),
      hint,
    );
  }
  if (estimate.totalUsd > maxCost) {
    const problems = estimate.targets
      .filter((t) => t.requests > 0)
      .map(
        (t) =>
          `${t.target}: ${t.requests} requests, ${t.inputTokens} input and ~${t.outputTokens} output tokens at ${formatPrice(t.price)} $/M: ${formatUsd(t.costUsd)}`,
      );
    throw new CostError(
      'COST_OVER_LIMIT',
      `the estimate of what this run would send is ${formatUsd(estimate.totalUsd)}, over --max-cost ${formatUsd(maxCost)}; nothing was sent`,
      problems,
      `${hint}; send less with --only or --samples, or raise --max-cost`,
    );
  }
  return { contextWarnings: estimate.contextWarnings, estimate };
}
