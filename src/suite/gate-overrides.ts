import type { Gate } from './types.js';

/** The gate flags of `pinned run` and `pinned compare`; each replaces the suite's own setting. */
export interface GateOverrides {
  maxRegressionRate?: number;
  minEquivalenceRate?: number;
  criticalTags?: string[];
  confidence?: number;
  maxChangeRate?: number;
  maxCostRatio?: number;
  maxP95LatencyRatio?: number;
  stopEarly?: boolean;
}

export function withOverrides(gate: Gate, overrides: GateOverrides | undefined): Gate {
  return {
    maxRegressionRate: overrides?.maxRegressionRate ?? gate.maxRegressionRate,
    minEquivalenceRate: overrides?.minEquivalenceRate ?? gate.minEquivalenceRate,
    criticalTags: overrides?.criticalTags ?? gate.criticalTags,
    confidence: overrides?.confidence ?? gate.confidence,
    ...((overrides?.maxChangeRate ?? gate.maxChangeRate) !== undefined && {
      maxChangeRate: overrides?.maxChangeRate ?? gate.maxChangeRate,
    }),
    ...((overrides?.maxCostRatio ?? gate.maxCostRatio) !== undefined && { maxCostRatio: overrides?.maxCostRatio ?? gate.maxCostRatio }),
    ...((overrides?.maxP95LatencyRatio ?? gate.maxP95LatencyRatio) !== undefined && {
      maxP95LatencyRatio: overrides?.maxP95LatencyRatio ?? gate.maxP95LatencyRatio,
    }),
    ...((overrides?.stopEarly ?? gate.stopEarly) && { stopEarly: true }),
  };
}
