import type { CellRow, RunData } from './types.js';
import type { Gate } from '../suite/types.js';
import type { CaseInput, CompareInput, SampleOutput } from '../compare/input.js';
import { turnCaseId } from '../compare/conversation.js';
import type { TurnOutput } from '../domain/outcome.js';
import { messageText } from '../suite/message-content.js';

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

  // Each target's samples by case, in one pass over each run's cells (a big run's cells are read
  // from the store as they are iterated, not held).
  const byCase = (run: RunData, targets: string[]) => {
    const maps = new Map(targets.map((target) => [target, new Map<string, SampleOutput[]>()]));
    for (const cell of run.cells) {
      const map = maps.get(cell.target);
      if (!map) continue;
      // A list starts as [sample], not []: push onto an empty array reserves 16 slots, ~140 bytes a
      // case and target (30 MB at 100,000 cases) for the one sample most cases have.
      const list = map.get(cell.caseId);
      if (list) list.push(toSample(cell));
      else map.set(cell.caseId, [toSample(cell)]);
    }
    return maps;
  };
  const own = byCase(data, baselineData === data ? [baselineTarget, ...candidates] : candidates);
  const baselineSamples = (baselineData === data ? own : byCase(baselineData, [baselineTarget])).get(baselineTarget)!;
  const candidateSamples = Object.fromEntries(candidates.map((name) => [name, own.get(name)!]));

  const cases: CaseInput[] = data.cases.flatMap((stored): CaseInput[] => {
    const baseline = baselineSamples.get(stored.id) ?? [];
    const own = Object.fromEntries(candidates.map((name) => [name, candidateSamples[name]!.get(stored.id) ?? []]));
    if (!stored.turns) {
      return [
        {
          id: stored.id,
          tags: stored.tags,
          compare: stored.compare,
          assert: stored.assert,
          ...(stored.expected !== undefined && { expected: stored.expected }),
          baseline,
          candidates: own,
        },
      ];
    }
    // A conversation: each turn is compared as a case of its own, then folded back (compare/conversation.ts).
    const turns = stored.turns;
    return turns.map((turn, t) => ({
      id: turnCaseId(stored.id, t + 1),
      tags: stored.tags,
      compare: stored.compare,
      assert: turn.assert,
      ...(turn.expected !== undefined && { expected: turn.expected }),
      baseline: baseline.map((sample) => turnSample(sample, t)),
      candidates: Object.fromEntries(Object.entries(own).map(([name, samples]) => [name, samples.map((sample) => turnSample(sample, t))])),
      conversation: { caseId: stored.id, turn: t + 1, turns: turns.length, question: messageText(turn.user) },
    }));
  });
  return { runId: data.run.id, baseline: { runId: baselineData.run.id, target: baselineTarget }, candidates, cases, gate: options.gate };
}

/** A conversation's sample as one of its turns: that turn's answer, or why the conversation never reached it. */
function turnSample(sample: SampleOutput & { turns?: TurnOutput[] }, t: number): SampleOutput {
  const { turns, ...rest } = sample;
  if (!sample.ok) return rest;
  const answers = turns ?? [{ output: sample.output, toolCalls: sample.toolCalls, finishReason: sample.finishReason, requests: 1 }];
  const turn = answers[t];
  if (!turn) {
    const ended = answers.at(-1)?.ended ?? `its answer has ${answers.length} turn${answers.length === 1 ? '' : 's'}`;
    return { ...rest, output: '', toolCalls: [], finishReason: null, unreached: `turn ${answers.length}: ${ended}` };
  }
  return { ...rest, output: turn.output, toolCalls: turn.toolCalls ?? [], finishReason: turn.finishReason };
}

function toSample(cell: CellRow): SampleOutput & { turns?: TurnOutput[] } {
  const response = cell.response;
  const ok = cell.status === 'ok' && response !== null && response.ok;
  return {
    sample: cell.sample,
    ok,
    output: ok ? (response.output ?? '') : '',
    toolCalls: ok ? (response.toolCalls ?? []) : [],
    ...(ok && response.turns && { turns: response.turns }),
    finishReason: response?.finishReason ?? null,
    error: ok
      ? null
      : cell.status === 'missing'
        ? (cell.error ?? 'no recording')
        : [response?.errorStatus, response?.errorCode, response?.errorMessage ?? response?.errorKind].filter(Boolean).join(' ') || 'failed',
  };
}
