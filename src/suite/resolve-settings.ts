import type { SuiteIssue } from '../errors.js';
import type { EndpointTarget, Gate, Target } from './types.js';
import type { WrittenGate, WrittenHelperModel } from './schema.js';
import { suggest } from './did-you-mean.js';
import { endpointTarget, type TargetsInput } from './resolve-targets.js';
import { pathText } from './zod-issues.js';

/** Cosine below which two outputs count as different when the baseline has one sample (not calibrated: set min_cosine). */
export const DEFAULT_MIN_COSINE = 0.9;

export const DEFAULT_GATE: Gate = { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 };

export function resolveGate(written: WrittenGate | undefined): Gate {
  return {
    maxRegressionRate: written?.max_regression_rate ?? DEFAULT_GATE.maxRegressionRate,
    minEquivalenceRate: written?.min_equivalence_rate ?? DEFAULT_GATE.minEquivalenceRate,
    criticalTags: written?.critical_tags ?? DEFAULT_GATE.criticalTags,
    confidence: written?.confidence ?? DEFAULT_GATE.confidence,
    ...(written?.max_change_rate !== undefined && { maxChangeRate: written.max_change_rate }),
    ...(written?.max_cost_ratio !== undefined && { maxCostRatio: written.max_cost_ratio }),
    ...(written?.stop_early && { stopEarly: true }),
    ...(written?.max_p95_latency_ratio !== undefined && { maxP95LatencyRatio: written.max_p95_latency_ratio }),
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
  const path = typeof input.locator.at([key, 'target']).line === 'number' ? [key, 'target'] : [key];
  const { target: name, min_cosine: _minCosine, ...endpoint } = written;
  if (name !== undefined) {
    const target = targets[name];
    const extra = Object.keys(endpoint);
    if (extra.length > 0) {
      issues.push({
        ...input.locator.keyAt([key, extra[0]!]),
        message: `${key}: '${extra[0]}' cannot be combined with 'target'`,
        hint: `set it on targets.${name}, or describe the ${key} endpoint in place without 'target'`,
      });
      return undefined;
    }
    if (!target) {
      const hint =
        suggest(name, Object.keys(targets), 'targets') ?? `define it under targets, or write ${key}: { model: ..., base_url: ... }`;
      issues.push({ ...input.locator.at(path), message: `${key}: no target named '${name}'`, hint });
      return undefined;
    }
    if (target.kind !== 'endpoint') {
      issues.push({ ...input.locator.at(path), message: `${key}: '${name}' replays a recording; the ${key} model must be an endpoint` });
      return undefined;
    }
    return { ...target, name: key };
  }
  if (endpoint.model === undefined) {
    issues.push({ ...input.locator.at([key]), message: `${pathText([key])}: missing 'model' (or name a target: ${key}: <target>)` });
    return undefined;
  }
  return {
    ...endpointTarget(key, [key], { ...endpoint, model: endpoint.model }, input, issues, warnings),
    loc: input.locator.keyAt([key]),
  };
}
