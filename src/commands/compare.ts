import { existsSync } from 'node:fs';
import { compareInputFromRun } from '../compare/from-run.js';
import { compareRun, unsettled } from '../compare/compare-run.js';
import type { Comparison } from '../compare/types.js';
import { ConfigError, UsageError } from '../errors.js';
import { formatUsd } from '../terminal/cost.js';
import { formatShard, shardOf, type Shard } from '../plan/shard.js';
import { buildReportData, type ReportData } from '../report/report-data.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';
import { displayPath } from '../suite/display-path.js';
import { loadSuite } from '../suite/load-suite.js';
import { DEFAULT_MIN_COSINE } from '../suite/resolve-settings.js';
import type { EndpointTarget, Gate, Suite } from '../suite/types.js';
import { formatDecisions } from '../terminal/decision-summary.js';
import { openExistingStore } from './db-path.js';
import { asTarget, embedPairs, judgePairs } from './helper-evidence.js';
import type { Io } from './io.js';
import { evaluateJavascript } from './javascript-assertions.js';
import { writeReports, type ReportPaths } from './write-reports.js';

export interface GateOverrides {
  maxRegressionRate?: number;
  minEquivalenceRate?: number;
  criticalTags?: string[];
  confidence?: number;
}

export interface CompareStep {
  /** Another run's target as the baseline: `RUN` or `RUN:TARGET`. */
  against?: string;
  gate?: GateOverrides;
  /** Reports to write from the comparison (--html, --md, --json, --junit). */
  reports?: ReportPaths;
  /** Never ask the judge or embeddings model (pinned report): verdicts from local evidence only. */
  offline?: boolean;
  signal: AbortSignal;
  /** The suite as loaded by `pinned run`; else the file at the run's suite path is read when it is unchanged. */
  suite?: Suite;
  /** The run, when the caller has just read it. */
  data?: RunData;
}

/** Compares a stored run, keeps the comparison, prints the decisions, writes the reports; returns it with its id. */
export async function compareStoredRun(
  store: Store,
  runId: number,
  step: CompareStep,
  io: Io,
): Promise<{ comparison: Comparison; id: number; data: RunData; report: ReportData }> {
  const data = shardCases(step.data ?? store.readRun(runId), io);
  const against = parseAgainst(step.against);
  if (against) requireRun(store, against.runId, `--against ${step.against}`);
  const baselineData = against ? store.readRun(against.runId) : undefined;
  const gate = applyOverrides(data.settings.gate, step.gate);
  const input = compareInputFromRun(data, { gate, ...(baselineData && { baselineData }), ...(against?.target && { baselineTarget: against.target }) });
  if (baselineData && !baselineData.targets.some((t) => t.name === input.baseline.target)) {
    throw new UsageError(`--against ${step.against}: run ${against!.runId} has no target '${input.baseline.target}'`, `its targets: ${baselineData.targets.map((t) => t.name).join(', ')}`);
  }
  if (input.candidates.length === 0) throw new UsageError(`run ${runId} has no candidate outputs to compare`, 'run the candidates first (pinned run <suite>), or choose another run');
  warnAboutChangedPrompts(data, baselineData, io);

  if (input.cases.some((c) => c.assert.some((a) => a.type === 'javascript'))) {
    const warn = (reference: string, error: string) => io.err(`warning: javascript ${reference} cannot run (${error}): it fails on every output of every target`);
    input.external = { javascript: await evaluateJavascript(input, data.cases, data.run.suitePath, warn) };
  }
  let comparison = compareRun(input);
  const pairs = unsettled(comparison);
  const helpers = step.offline ? {} : await helperModels(data, step.suite);
  if (pairs.length > 0 && (helpers.judge || helpers.embeddings)) {
    checkHelperKeys(helpers, io.env);
    const cases = new Map(data.cases.map((c) => [c.id, c]));
    const usage = { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 };
    if (helpers.judge) {
      io.err(`asking the judge (${helpers.judge.model}) about ${pairs.length} case${pairs.length === 1 ? '' : 's'} outside the noise floor`);
      const result = await judgePairs(pairs, input, cases, helpers.judge, store, io.env, step.signal);
      input.external = { ...input.external, judge: result.judge };
      Object.assign(usage, result.usage);
      const { judgeCalls, judgeTokens, judgeCostUsd } = result.usage;
      io.err(`judge: ${judgeCalls} new call${judgeCalls === 1 ? '' : 's'}, ${judgeTokens.toLocaleString('en-US')} tokens, ${judgeCostUsd == null ? 'cost unknown (no price for its model)' : formatUsd(judgeCostUsd)}`);
    }
    if (helpers.embeddings) {
      const result = await embedPairs(pairs, input, helpers.embeddings, store, io.env);
      input.external = { ...input.external, embeddings: result.embeddings };
      Object.assign(usage, result.usage);
    }
    comparison = compareRun({ ...input, helpers: usage });
  }
  const id = store.saveComparison(comparison);
  const report = buildReportData(data, comparison, { comparisonId: id, ...(baselineData && { baselineData }) });
  io.out(formatDecisions(comparison));
  if (step.reports) await writeReports(report, step.reports, io);
  return { comparison, id, data, report };
}

/** 1 a candidate must stay pinned; 4 cases lacked outputs; 3 not enough evidence; 0 the gate passed. */
export function gateExitCode(comparison: Comparison, incomplete = false): number {
  if (comparison.decisions.some((d) => d.decision === 'keep-pinned')) return 1;
  if (incomplete || comparison.cases.some((c) => c.verdict === 'error')) return 4;
  if (comparison.decisions.some((d) => d.decision === 'review')) return 3;
  return 0;
}

export interface CompareOptions extends CompareStep {
  run?: number;
  db?: string;
}

export async function compareCommand(options: CompareOptions, io: Io): Promise<number> {
  const store = openExistingStore(options.db, io.env);
  try {
    const { comparison } = await compareStoredRun(store, chosenRun(store, options.run), options, io);
    return gateExitCode(comparison);
  } finally {
    store.close();
  }
}

/** The run asked for, else the latest run or merge of a suite (imports hold one target: nothing to compare). */
export function chosenRun(store: Store, run: number | undefined): number {
  // A merged run of shards compares like the run it stands for.
  const latest = Math.max(store.latestRun({ kind: 'run' })?.id ?? 0, store.latestRun({ kind: 'merge' })?.id ?? 0);
  const runId = run ?? (latest || undefined);
  if (runId === undefined) throw new UsageError(`there are no runs in ${store.path}`, 'run a suite first: pinned run <suite>');
  requireRun(store, runId, `run ${runId}`);
  return runId;
}

/** A run id the user typed that the database does not hold: say which runs it does hold. */
function requireRun(store: Store, runId: number, asked: string): void {
  if (store.getRun(runId)) return;
  const latest = store.listRuns()[0]?.run.id;
  const where = displayPath(store.path);
  throw new UsageError(
    `${asked}: no such run in ${where} (${latest === undefined ? 'it has no runs' : `its latest run is ${latest}`})`,
    `pinned runs --db ${where} lists its runs`,
  );
}

/** A shard run holds only its part of the cases: compare those, rather than call the rest errors. */
function shardCases(data: RunData, io: Io): RunData {
  const shard = data.run.options.shard as Shard | undefined;
  if (!shard) return data;
  const cases = data.cases.filter((c) => shardOf(c.id, shard.count) === shard.index);
  io.err(`run ${data.run.id} is shard ${formatShard(shard)}: comparing its ${cases.length} of ${data.cases.length} cases only; merge the shards (pinned merge) for the suite's decision`);
  return { ...data, cases };
}

function parseAgainst(text: string | undefined): { runId: number; target?: string } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)(?::(.+))?$/.exec(text.trim());
  if (!match) throw new UsageError(`--against ${text}: expected RUN or RUN:TARGET, e.g. 4 or 4:gpt-4-0314`);
  return { runId: Number(match[1]), ...(match[2] && { target: match[2] }) };
}

function applyOverrides(gate: Gate, overrides: GateOverrides | undefined): Gate {
  return {
    maxRegressionRate: overrides?.maxRegressionRate ?? gate.maxRegressionRate,
    minEquivalenceRate: overrides?.minEquivalenceRate ?? gate.minEquivalenceRate,
    criticalTags: overrides?.criticalTags ?? gate.criticalTags,
    confidence: overrides?.confidence ?? gate.confidence,
    ...(gate.maxChangeRate !== undefined && { maxChangeRate: gate.maxChangeRate }),
  };
}

/** The judge and embeddings endpoints: from the loaded suite (secrets intact), else its unchanged file, else the database. */
async function helperModels(data: RunData, suite: Suite | undefined): Promise<{ judge?: EndpointTarget; embeddings?: EndpointTarget & { minCosine: number } }> {
  let source = suite?.hash === data.run.suiteHash ? suite : undefined;
  if (!source && existsSync(data.run.suitePath)) {
    source = await loadSuite(data.run.suitePath).then((loaded) => (loaded.hash === data.run.suiteHash ? loaded : undefined), () => undefined);
  }
  if (source) return { ...(source.judge && { judge: source.judge }), ...(source.embeddings && { embeddings: source.embeddings }) };
  const { judge, embeddings } = data.settings;
  return {
    ...(judge && { judge: asTarget('judge', judge) }),
    ...(embeddings && { embeddings: { ...asTarget('embeddings', embeddings), minCosine: embeddings.minCosine ?? DEFAULT_MIN_COSINE } }),
  };
}

export function checkHelperKeys(helpers: { judge?: EndpointTarget; embeddings?: EndpointTarget }, env: Record<string, string | undefined>): void {
  const problems = Object.values(helpers)
    .filter((t): t is EndpointTarget => Boolean(t?.apiKeyEnv && !env[t.apiKeyEnv]))
    .map((t) => `${t.name}: the API key variable ${t.apiKeyEnv} is not set: export ${t.apiKeyEnv}=<key>`);
  if (problems.length) throw new ConfigError('cannot ask the judge or embeddings model: keys missing from the environment; nothing was sent', problems);
}

function warnAboutChangedPrompts(data: RunData, baselineData: RunData | undefined, io: Io): void {
  if (!baselineData || baselineData === data) return;
  const before = new Map(baselineData.cases.map((c) => [c.id, JSON.stringify(c.messages)]));
  const changed = data.cases.filter((c) => before.has(c.id) && before.get(c.id) !== JSON.stringify(c.messages)).map((c) => c.id);
  if (changed.length) io.err(`warning: ${changed.length} case${changed.length === 1 ? '' : 's'} have different prompts in run ${baselineData.run.id}: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}`);
}
