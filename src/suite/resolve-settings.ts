import type { SuiteIssue } from '../errors.js';
import type { EndpointTarget, Gate, Target } from './types.js';
import type { WrittenGate, WrittenHelperModel } from './schema.js';
import { suggest } from './did-you-mean.js';
import { endpointTarget, type TargetsInput } from './resolve-targets.js';
import { pathText } from './zod-issues.js';

export const DEFAULT_GATE: Gate = { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 };

export function resolveGate(written: WrittenGate | undefined): Gate {
  return {
    maxRegressionRate: written?.max_regression_rate ?? DEFAULT_GATE.maxRegressionRate,
    minEquivalenceRate: written?.min_equivalence_rate ?? DEFAULT_GATE.minEquivalenceRate,
    criticalTags: written?.critical_tags ?? DEFAULT_GATE.criticalTags,
    confidence: written?.confidence ?? DEFAULT_GATE.confidence,
  };
}

/**
 * `judge:` / `embeddings:` name a target of the suite (its endpoint settings are reused) or
 * describe an endpoint in place, with the same defaults as any endpoint target.
 */
export function resolveHelperModel(
  key: 'judge' | 'embeddings',
  written: WrittenHelperModel | undefined,
  targets: Record<string, Target>,
  input: TargetsInput,
  issues: SuiteIssue[],
  warnings: SuiteIssue[],
): EndpointTarget | undefined {
  if (written === undefined) return undefined;
  if (typeof written === 'string') {
    const target = targets[written];
    if (!target) {
      const hint = suggest(written, Object.keys(targets), 'targets') ?? `define it under targets, or write ${key}: { model: ..., base_url: ... }`;
      issues.push({ ...input.locator.at([key]), message: `${key}: no target named '${written}'`, hint });
      return undefined;
    }
    if (target.kind !== 'endpoint') {
      issues.push({ ...input.locator.at([key]), message: `${key}: '${written}' replays a recording; the ${key} model must be an endpoint` });
      return undefined;
    }
    return { ...target, name: key };
  }
  if (written.model === undefined) {
    issues.push({ ...input.locator.at([key]), message: `${pathText([key])}: missing 'model'` });
    return undefined;
  }
  return { ...endpointTarget(key, [key], { ...written, model: written.model }, input, issues, warnings), loc: input.locator.keyAt([key]) };
}
