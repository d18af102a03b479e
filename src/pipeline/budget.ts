import type { Budget } from '../compare/budget-gate.js';
import { costRatio, costTally } from '../domain/target-cost.js';
import type { RunData } from '../store/types.js';

/**
 * Each candidate's cost per answer and p95 latency against the baseline's, from the stored usage,
 * prices and latencies (the figures the reports show), for the gate's max_cost_ratio and
 * max_p95_latency_ratio. The baseline's outputs may come from another run (--against).
 */
export function budgetOf(data: RunData, baseline: { data: RunData; target: string }, candidates: string[]): Record<string, Budget> {
  const cases = new Set(data.cases.map((c) => c.id));
  // One pass over each run's cells for all its targets (a big run's cells are read from the store
  // as they are iterated): each target's cost tallied, its latencies kept, not its cells.
  const figures = (run: RunData, names: string[]) => {
    const tallies = new Map(names.map((name) => [name, { cost: costTally(), latencies: [] as number[] }]));
    for (const cell of run.cells) {
      const tally = tallies.get(cell.target);
      if (!tally || !cases.has(cell.caseId)) continue;
      tally.cost.add(cell);
      if (cell.status === 'ok' && cell.response?.latencyMs != null) tally.latencies.push(cell.response.latencyMs);
    }
    return new Map(
      [...tallies].map(([name, tally]) => [
        name,
        { cost: tally.cost.cost(run.targets.find((t) => t.name === name)), p95: p95(tally.latencies) },
      ]),
    );
  };
  const own = figures(data, baseline.data === data ? [baseline.target, ...candidates] : candidates);
  const base = (baseline.data === data ? own : figures(baseline.data, [baseline.target])).get(baseline.target)!;
  return Object.fromEntries(
    candidates.map((name) => {
      const mine = own.get(name)!;
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
