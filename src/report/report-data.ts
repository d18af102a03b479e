import type { Since } from '../compare/since.js';
import type { CaseComparison, CandidateDecision, Comparison, Decision } from '../compare/types.js';
import type { CompareSpec, ChatMessage, Gate } from '../suite/types.js';
import { describeAssertion } from '../compare/assertions/describe-assertion.js';
import type { ParamRewrite } from '../domain/params-compat.js';
import type { ToolCall } from '../domain/outcome.js';
import { shownConversation, shownOutput } from '../domain/shown-output.js';
import { messageText } from '../suite/message-content.js';
import type { CellRow, RunData } from '../store/types.js';
import type { TargetLimits } from '../domain/limits.js';
import { toolVersion } from '../version.js';
import { costRatio, costTally, type CostTally, type UsedPrice } from '../domain/target-cost.js';
import type { BaselineVerification } from '../domain/verification.js';

/**
 * One response as the report shows it; `output` indexes ReportData.outputs (each text stored
 * once): the text, then each tool call as `[tool call] name({...})`, so every report shows them.
 */
export interface ReportSample {
  sample: number;
  status: 'ok' | 'error' | 'missing';
  output: number | null;
  /** The calls the model made, as it made them (arguments as written); absent when none. */
  toolCalls?: ToolCall[];
  finishReason: string | null;
  model: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  attempts: number;
  reused: boolean;
  error: string | null;
}

export interface ReportCase {
  id: string;
  index: number;
  tags: string[];
  description?: string;
  messages: ChatMessage[];
  /** The case's own request parameters (tools, tool_choice...), sent over each target's; absent when none. */
  params?: Record<string, unknown>;
  compare: CompareSpec;
  /** Assertion labels, in order. */
  assert: string[];
  /** Target name -> samples. */
  samples: Record<string, ReportSample[]>;
  /**
   * Candidate name -> its comparison with the baseline: the comparison's own object, not a copy
   * (the reports leave its caseId and candidate out: shownComparisons).
   */
  comparisons: Record<string, CaseComparison>;
}

export interface TargetFigures {
  name: string;
  role: 'baseline' | 'candidate' | 'other';
  kind: 'endpoint' | 'replay';
  /** The model asked for (endpoint), or the recording (replay). */
  model: string | null;
  /** Request params as sent (endpoint targets). */
  params: Record<string, unknown>;
  cells: number;
  ok: number;
  errors: number;
  missing: number;
  promptTokens: number;
  completionTokens: number;
  latencyP50: number | null;
  latencyP95: number | null;
  /** Usage x price over the target's outputs; null when its price or an output's usage is unknown. */
  costUsd: number | null;
  /** The price costUsd uses: the target's price: as stored with the run, else pinned's table. */
  price: UsedPrice | null;
  /**
   * Candidates: their mean cost per output over the baseline's (0.25: costs 25% of the baseline
   * for this suite); per output, so a baseline with more samples does not flatter a candidate.
   * null for the baseline, or when either cost is unknown.
   */
  costRatio: number | null;
  /** What params_compat: auto changed in the params before they were sent (absent when nothing). */
  paramRewrites?: ParamRewrite[];
  /** How the provider's rate limits bit this target over the run (absent when they never did). */
  limits?: TargetLimits;
}

/** One earlier (or this) compared run of the suite, for the trend the HTML report draws. */
export interface HistoryPoint {
  runId: number;
  startedAt: string;
  baseline: { costUsd: number | null; latencyP95: number | null };
  candidates: Array<{
    candidate: string;
    decision: Decision;
    /** Agreement on the cases with evidence; null when none carried evidence. */
    equivalence: number | null;
    regressed: number;
    costUsd: number | null;
    latencyP95: number | null;
  }>;
}

/** Everything a report shows, compact: every output text appears once in `outputs`. */
export interface ReportData {
  version: 1;
  generatedAt: string;
  tool: { name: 'pinned'; version: string };
  suite: { name: string; path: string };
  run: { id: number; kind: string; status: string; startedAt: string; finishedAt: string | null };
  comparison: { id: number | null; createdAt: string | null };
  baseline: { target: string; runId: number };
  /** The latest pinned verify of the baseline's endpoint, or a warning that it has none; null when there is nothing to say. */
  baselineVerification: BaselineVerification | null;
  candidates: string[];
  gate: Gate;
  decisions: CandidateDecision[];
  targets: TargetFigures[];
  helpers: Comparison['helpers'];
  outputs: string[];
  cases: ReportCase[];
  /** What changed since an earlier comparison (pinned compare --since); absent without it. */
  since?: Since;
  /** The suite's recent compared runs in this database, oldest first, this one last; absent when not gathered. */
  history?: HistoryPoint[];
}

/** The report's data from a stored run, its comparison and, with --against, the baseline's run. */
export function buildReportData(
  data: RunData,
  comparison: Comparison,
  options: {
    comparisonId?: number;
    comparisonCreatedAt?: string;
    baselineData?: RunData;
    baselineVerification?: BaselineVerification;
    now?: Date;
    since?: Since;
    history?: HistoryPoint[];
  } = {},
): ReportData {
  const outputs: string[] = [];
  const outputIds = new Map<string, number>();
  const intern = (text: string | null | undefined): number | null => {
    if (text === null || text === undefined) return null;
    let id = outputIds.get(text);
    if (id === undefined) {
      id = outputs.length;
      outputs.push(text);
      outputIds.set(text, id);
    }
    return id;
  };
  const baselineData = options.baselineData ?? data;
  const baselineTarget = comparison.baseline.target;
  const sources: Array<{ run: RunData; target: string }> = [
    { run: baselineData, target: baselineTarget },
    ...comparison.candidates.map((name) => ({ run: data, target: name })),
  ];

  // Conversations only: a Map entry per case would grow with the suite for nothing.
  const users = new Map(data.cases.flatMap((c) => (c.turns ? [[c.id, c.turns.map((turn) => messageText(turn.user))] as const] : [])));
  const shown = (caseId: string, response: NonNullable<CellRow['response']>) =>
    response.turns ? shownConversation(response.turns, users.get(caseId) ?? []) : shownOutput(response.output ?? '', response.toolCalls);
  // The cases first, and their samples and comparisons put in place: one Map by id, rather than
  // one for the samples and one for the comparisons besides the cases (~10 MB at 100,000 cases).
  const byId = new Map<string, ReportCase>();
  const cases: ReportCase[] = data.cases.map((stored) => {
    const testCase: ReportCase = {
      id: stored.id,
      index: stored.index,
      tags: stored.tags,
      ...(stored.description !== undefined && { description: stored.description }),
      messages: stored.messages,
      ...(stored.params && { params: stored.params }),
      compare: stored.compare,
      assert: stored.assert.map(describeAssertion),
      samples: {},
      comparisons: {},
    };
    byId.set(stored.id, testCase);
    return testCase;
  });
  // One pass over each run's cells (a big run's are read from the store as they are iterated, not
  // held), for the samples and each target's cost alike.
  // (Keyed by run too: with --against, the baseline may be another run's target of a candidate's name.)
  const costs = new Map(sources.map(({ run }) => [run, new Map<string, CostTally>()]));
  for (const { run, target } of sources) costs.get(run)!.set(target, costTally());
  for (const [run, tallies] of costs) {
    for (const cell of run.cells) {
      const tally = tallies.get(cell.target);
      if (!tally) continue;
      const target = cell.target;
      tally.add(cell);
      // A cell of a case this run does not list (the other run's, with --against) is counted, not shown.
      const bucket = byId.get(cell.caseId)?.samples;
      if (!bucket) continue;
      const response = cell.response;
      // [sample] rather than [] then push, which reserves 16 slots (see compareInputFromRun).
      const sample: ReportSample = {
        sample: cell.sample,
        status: cell.status,
        output: cell.status === 'ok' && response ? intern(shown(cell.caseId, response)) : null,
        ...(cell.status === 'ok' && response?.toolCalls && { toolCalls: response.toolCalls }),
        finishReason: response?.finishReason ?? null,
        model: response?.model ?? null,
        latencyMs: response?.latencyMs ?? null,
        promptTokens: response?.usage?.promptTokens ?? null,
        completionTokens: response?.usage?.completionTokens ?? null,
        attempts: response?.attempts ?? 0,
        reused: cell.reused,
        error:
          cell.status === 'missing'
            ? cell.error
            : cell.status === 'error'
              ? [response?.errorStatus, response?.errorCode, response?.errorMessage ?? response?.errorKind].filter(Boolean).join(' ')
              : null,
      };
      if (bucket[target]) bucket[target].push(sample);
      else bucket[target] = [sample];
    }
  }
  for (const item of comparison.cases) {
    const testCase = byId.get(item.caseId);
    if (testCase) testCase.comparisons[item.candidate] = item;
  }

  return {
    version: 1,
    generatedAt: (options.now ?? new Date()).toISOString(),
    tool: { name: 'pinned', version: toolVersion() },
    suite: { name: data.run.suiteName, path: data.run.suitePath },
    run: { id: data.run.id, kind: data.run.kind, status: data.run.status, startedAt: data.run.startedAt, finishedAt: data.run.finishedAt },
    comparison: { id: options.comparisonId ?? null, createdAt: options.comparisonCreatedAt ?? null },
    baseline: comparison.baseline,
    baselineVerification: options.baselineVerification ?? null,
    candidates: comparison.candidates,
    gate: comparison.gate,
    decisions: comparison.decisions,
    targets: withCostRatios(
      sources.map(({ run, target }) => targetFigures(run, target, cases, costs.get(run)!.get(target)!)),
      baselineTarget,
    ),
    helpers: comparison.helpers,
    outputs,
    cases,
    ...(options.since && { since: options.since }),
    ...(options.history && { history: options.history }),
  };
}

function targetFigures(run: RunData, name: string, cases: ReportCase[], cost: CostTally): TargetFigures & { perOutputUsd: number | null } {
  const target = run.targets.find((t) => t.name === name);
  const samples = cases.flatMap((c) => c.samples[name] ?? []);
  const ok = samples.filter((s) => s.status === 'ok');
  const latencies = ok
    .map((s) => s.latencyMs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  // Nearest rank: the same p50 the run summary prints (the lower middle of an even count).
  const pick = (q: number) => (latencies.length ? latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)]! : null);
  const config = target?.config ?? {};
  return {
    name,
    role: target?.role ?? 'other',
    kind: target?.kind ?? 'endpoint',
    model: typeof config.model === 'string' ? config.model : typeof config.replay === 'string' ? config.replay : null,
    params: (config.params as Record<string, unknown> | undefined) ?? {},
    cells: samples.length,
    ok: ok.length,
    errors: samples.filter((s) => s.status === 'error').length,
    missing: samples.filter((s) => s.status === 'missing').length,
    promptTokens: ok.reduce((sum, s) => sum + (s.promptTokens ?? 0), 0),
    completionTokens: ok.reduce((sum, s) => sum + (s.completionTokens ?? 0), 0),
    latencyP50: pick(0.5),
    latencyP95: pick(0.95),
    ...cost.cost(target),
    costRatio: null,
    ...(run.paramRewrites?.[name] && { paramRewrites: run.paramRewrites[name] }),
    ...(run.limits?.[name] && { limits: run.limits[name] }),
  };
}

function withCostRatios(figures: Array<TargetFigures & { perOutputUsd: number | null }>, baseline: string): TargetFigures[] {
  const base = figures.find((f) => f.name === baseline);
  return figures.map(({ perOutputUsd, ...f }) => ({ ...f, costRatio: f.name === baseline ? null : costRatio({ perOutputUsd }, base) }));
}

/** The cases as reports write them: each comparison without the caseId and candidate its case and key say (copies made one case at a time). */
export function* shownCases(
  cases: Iterable<ReportCase>,
): Generator<Omit<ReportCase, 'comparisons'> & { comparisons: Record<string, ShownComparison> }> {
  for (const testCase of cases) yield { ...testCase, comparisons: shownComparisons(testCase.comparisons) };
}

type ShownComparison = Omit<CaseComparison, 'caseId' | 'candidate'>;

function shownComparisons(comparisons: Record<string, CaseComparison>): Record<string, ShownComparison> {
  return Object.fromEntries(
    Object.entries(comparisons).map(([name, { caseId: _caseId, candidate: _candidate, ...shown }]) => [name, shown]),
  );
}
