// The gate on what else matters in a migration: a candidate's cost per answer and p95 latency
// relative to the baseline's (max_cost_ratio, max_p95_latency_ratio). Measured at the edge from
// the stored usage, prices and latencies; decided here with the rest of the gate.
import { pct } from '../domain/format.js';
import type { Gate } from '../suite/types.js';
import type { CandidateDecision } from './types.js';

/** A candidate's cost per answer and p95 latency as multiples of the baseline's; null when unknown. */
export interface Budget {
  costRatio: number | null;
  p95Ratio: number | null;
}

/**
 * Over a limit the gate sets: keep-pinned, whatever the answers say (the reason leads). A limit
 * that cannot be checked (no price, no latency) keeps a candidate from replaceable: review.
 */
export function applyBudget(decision: CandidateDecision, budget: Budget | undefined, gate: Gate): CandidateDecision {
  const limits = [
    {
      ratio: budget?.costRatio ?? null,
      max: gate.maxCostRatio,
      what: 'cost per answer',
      key: 'max_cost_ratio',
      unknown: 'its cost is unknown (a model without a price, or outputs without usage)',
    },
    {
      ratio: budget?.p95Ratio ?? null,
      max: gate.maxP95LatencyRatio,
      what: 'p95 latency',
      key: 'max_p95_latency_ratio',
      unknown: 'its p95 latency is unknown (no latencies recorded)',
    },
  ].filter((limit) => limit.max !== undefined);
  const withBudget = budget ? { ...decision, budget } : decision;
  const over = limits.filter((l) => l.ratio !== null && l.ratio > l.max!);
  if (over.length) {
    const said = over.map((l) => `its ${l.what} is ${pct(l.ratio!)} of the baseline's (gate: ${l.key} ${pct(l.max!)})`).join('; ');
    return { ...withBudget, decision: 'keep-pinned', reasons: [said, ...decision.reasons], casesNeeded: null };
  }
  const unknown = limits.filter((l) => l.ratio === null);
  if (unknown.length && decision.decision === 'replaceable') {
    const said = unknown.map((l) => `${l.unknown}, so ${l.key} cannot be checked`).join('; ');
    return { ...withBudget, decision: 'review', reasons: [said, ...decision.reasons] };
  }
  const within = limits
    .filter((l) => l.ratio !== null)
    .map((l) => `${l.what} ${pct(l.ratio!)} of the baseline's (gate: ${l.key} ${pct(l.max!)})`);
  return within.length ? { ...withBudget, reasons: [...decision.reasons, `within the gate on ${within.join(', ')}`] } : withBudget;
}
