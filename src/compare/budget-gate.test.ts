import { describe, expect, it } from 'vitest';
import { applyBudget } from './budget-gate.js';
import { GATE } from './compare.test-helpers.js';
import type { CandidateDecision } from './types.js';

const replaceable = {
  candidate: 'cand',
  decision: 'replaceable',
  reasons: ['clears the gate at 95% confidence'],
  casesNeeded: null,
} as unknown as CandidateDecision;

describe('the gate on cost and latency relative to the baseline', () => {
  it('keeps a candidate over either limit pinned, the reason first', () => {
    const over = applyBudget(replaceable, { costRatio: 2.5, p95Ratio: 0.8 }, { ...GATE, maxCostRatio: 1.5, maxP95LatencyRatio: 1.2 });
    expect(over).toMatchObject({ decision: 'keep-pinned', budget: { costRatio: 2.5, p95Ratio: 0.8 } });
    expect(over.reasons[0]).toBe("its cost per answer is 250% of the baseline's (gate: max_cost_ratio 150%)");
    const slow = applyBudget(replaceable, { costRatio: 0.5, p95Ratio: 1.3 }, { ...GATE, maxP95LatencyRatio: 1.2 });
    expect(slow.reasons[0]).toBe("its p95 latency is 130% of the baseline's (gate: max_p95_latency_ratio 120%)");
  });

  it('within the limits, says so after the other reasons; unknown figures keep it from replaceable; no limit, no say', () => {
    const within = applyBudget(replaceable, { costRatio: 0.1, p95Ratio: 0.9 }, { ...GATE, maxCostRatio: 1 });
    expect(within.decision).toBe('replaceable');
    expect(within.reasons.at(-1)).toBe("within the gate on cost per answer 10% of the baseline's (gate: max_cost_ratio 100%)");
    const unknown = applyBudget(replaceable, { costRatio: null, p95Ratio: 0.9 }, { ...GATE, maxCostRatio: 1 });
    expect(unknown.decision).toBe('review');
    expect(unknown.reasons[0]).toContain('its cost is unknown');
    expect(applyBudget(replaceable, { costRatio: 9, p95Ratio: 9 }, GATE)).toMatchObject({
      decision: 'replaceable',
      reasons: replaceable.reasons,
    });
  });
});
