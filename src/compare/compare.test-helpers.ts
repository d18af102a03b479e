import type { ToolCall } from '../domain/outcome.js';
import type { Gate, Assertion, CompareSpec } from '../suite/types.js';
import { compareRun } from './compare-run.js';
import type { CaseInput, CompareInput, ExternalEvidence, SampleOutput } from './input.js';
import type { CaseComparison } from './types.js';

export const GATE: Gate = { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 };

export function samples(
  ...outputs: Array<string | { output?: string; finishReason?: string; error?: string; toolCalls?: ToolCall[] }>
): SampleOutput[] {
  return outputs.map((item, sample) => {
    if (typeof item === 'string') return { sample, ok: true, output: item, finishReason: 'stop', error: null };
    if (item.error) return { sample, ok: false, output: '', finishReason: null, error: item.error };
    return {
      sample,
      ok: true,
      output: item.output ?? '',
      finishReason: item.finishReason ?? (item.toolCalls ? 'tool_calls' : 'stop'),
      error: null,
      ...(item.toolCalls && { toolCalls: item.toolCalls }),
    };
  });
}

/** A sample that calls tools: `calls(['get_order', { order_id: '123' }])`; arguments given as text are sent as written. */
export function calls(...list: Array<[string, Record<string, unknown> | string]>): { output: string; toolCalls: ToolCall[] } {
  return {
    output: '',
    toolCalls: list.map(([name, args], index) => ({
      id: `call_${index}`,
      name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args),
    })),
  };
}

export function caseOf(
  id: string,
  baseline: SampleOutput[],
  candidate: SampleOutput[],
  extra: { compare?: CompareSpec; assert?: Assertion[]; tags?: string[] } = {},
): CaseInput {
  return {
    id,
    tags: extra.tags ?? [],
    compare: extra.compare ?? { kind: 'text' },
    assert: extra.assert ?? [],
    baseline,
    candidates: { cand: candidate },
  };
}

export function compareCases(cases: CaseInput[], options: { gate?: Gate; external?: ExternalEvidence; candidates?: string[] } = {}) {
  const input: CompareInput = {
    runId: 1,
    baseline: { runId: 1, target: 'base' },
    candidates: options.candidates ?? ['cand'],
    cases,
    gate: options.gate ?? GATE,
    ...(options.external && { external: options.external }),
  };
  return compareRun(input);
}

/** The verdict of the only candidate on a single case. */
export function verdictOf(testCase: CaseInput, external?: ExternalEvidence): CaseComparison {
  return compareCases([testCase], external ? { external } : {}).cases[0]!;
}
