import type { CellRow, RunData } from './types.js';
import type { Gate } from '../suite/types.js';
import type { CaseInput, CompareInput, SampleOutput } from '../compare/input.js';

export interface FromRunOptions {
  gate: Gate;
  /** The run that holds the baseline's outputs, when it is not `data` (compare --against). */
  baselineData?: RunData;
  /** The baseline target in that run (default: the run's baseline). */
  baselineTarget?: string;
}

/** The comparison's input from stored runs: cases of the candidates' run, baseline from wherever it was recorded. */
export function compareInputFromRun(data: RunData, options: FromRunOptions): CompareInput {
  const baselineData = options.baselineData ?? data;
  const baselineTarget =
    options.baselineTarget ?? baselineData.targets.find((t) => t.role === 'baseline')?.name ?? baselineData.targets[0]?.name;
  if (!baselineTarget) throw new Error(`run ${baselineData.run.id} has no targets`);
  const candidates = data.targets
    .filter((t) => t.role === 'candidate' && !(baselineData === data && t.name === baselineTarget))
    .map((t) => t.name);

  const byCase = (rows: CellRow[], target: string) => {
    const map = new Map<string, SampleOutput[]>();
    for (const cell of rows) {
      if (cell.target !== target) continue;
      const list = map.get(cell.caseId) ?? [];
      list.push(toSample(cell));
      map.set(cell.caseId, list);
    }
    return map;
  };
  const baselineSamples = byCase(baselineData.cells, baselineTarget);
  const candidateSamples = Object.fromEntries(candidates.map((name) => [name, byCase(data.cells, name)]));

  const cases: CaseInput[] = data.cases.map((stored) => ({
    id: stored.id,
    tags: stored.tags,
    compare: stored.compare,
    assert: stored.assert,
    ...(stored.expected !== undefined && { expected: stored.expected }),
    baseline: baselineSamples.get(stored.id) ?? [],
    candidates: Object.fromEntries(candidates.map((name) => [name, candidateSamples[name]!.get(stored.id) ?? []])),
  }));
  return { runId: data.run.id, baseline: { runId: baselineData.run.id, target: baselineTarget }, candidates, cases, gate: options.gate };
}

function toSample(cell: CellRow): SampleOutput {
  const response = cell.response;
  const ok = cell.status === 'ok' && response !== null && response.ok;
  return {
    sample: cell.sample,
    ok,
    output: ok ? (response.output ?? '') : '',
    toolCalls: ok ? (response.toolCalls ?? []) : [],
    finishReason: response?.finishReason ?? null,
    error: ok
      ? null
      : cell.status === 'missing'
        ? (cell.error ?? 'no recording')
        : [response?.errorStatus, response?.errorCode, response?.errorMessage ?? response?.errorKind].filter(Boolean).join(' ') || 'failed',
  };
}
