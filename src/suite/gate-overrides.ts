import type { Gate } from './types.js';

/** The gate flags of `pinned run` and `pinned compare`; each replaces the suite's own setting. */
export interface GateOverrides {
  maxRegressionRate?: number;
  minEquivalenceRate?: number;
  criticalTags?: string[];
  confidence?: number;
  maxChangeRate?: number;
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
  };
}
