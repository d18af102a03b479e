import type { Budget } from '../compare/budget-gate.js';
import { costRatio, targetCost } from '../domain/target-cost.js';
import { cellsOf } from '../store/cells-of.js';
import type { RunData } from '../store/types.js';

/**
 * Each candidate's cost per answer and p95 latency against the baseline's, from the stored usage,
 * prices and latencies (the figures the reports show), for the gate's max_cost_ratio and
 * max_p95_latency_ratio. The baseline's outputs may come from another run (--against).
 */
export function budgetOf(data: RunData, baseline: { data: RunData; target: string }, candidates: string[]): Record<string, Budget> {
  const cases = new Set(data.cases.map((c) => c.id));
  const figures = (run: RunData, name: string) => {
    // One pass: a big run's cells are read as they are iterated. Latencies are kept, not the cells.
    const latencies: number[] = [];
    const cells = function* () {
      for (const cell of cellsOf(run.cells, name)) {
        if (!cases.has(cell.caseId)) continue;
        if (cell.status === 'ok' && cell.response?.latencyMs != null) latencies.push(cell.response.latencyMs);
        yield cell;
      }
    };
    const cost = targetCost(
      run.targets.find((t) => t.name === name),
      cells(),
    );
    return { cost, p95: p95(latencies) };
  };
  const base = figures(baseline.data, baseline.target);
  return Object.fromEntries(
    candidates.map((name) => {
      const mine = figures(data, name);
      return [
        name,
        {
          costRatio: costRatio(mine.cost, base.cost),
          p95Ratio: mine.p95 !== null && base.p95 ? mine.p95 / base.p95 : null,
        },
      ];
    }),
  );
}

/** Nearest rank, as the reports and the run summary take it. */
function p95(latencies: number[]): number | null {
  latencies.sort((a, b) => a - b);
  return latencies.length ? latencies[Math.max(0, Math.ceil(0.95 * latencies.length) - 1)]! : null;
}
