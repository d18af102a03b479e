import { compareRun } from '../compare/compare-run.js';
import type { KeptEvidence } from '../compare/kept-evidence.js';
import type { Comparison } from '../compare/types.js';
import { caseOrder } from '../plan/case-order.js';
import { UsageError } from '../errors.js';
import { evaluateJavascript } from '../execute/javascript-assertions.js';
import { formatShard, shardOf, type Shard } from '../plan/shard.js';
import { buildReportData, type ReportData } from '../report/report-data.js';
import { writeReports, type ReportPaths } from '../report/write-reports.js';
import { requireRun } from '../store/choose-run.js';
import { compareInputFromRun } from '../store/compare-input.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';
import { withOverrides, type GateOverrides } from '../suite/gate-overrides.js';
import { readReviews } from '../suite/reviews.js';
import { reviewFileName } from '../domain/review.js';
import { formatDecisions } from '../terminal/decision-summary.js';
import type { Io } from '../terminal/io.js';
import { formatBaselineVerification } from '../terminal/verify-summary.js';
import { formatSince } from '../terminal/since-summary.js';
import { askHelpers, type HelperSettings } from './ask-helpers.js';
import { budgetOf } from './budget.js';
import { sinceComparison, suiteHistory, type SinceOption } from './since.js';
import { baselineVerificationOf } from './baseline-verification.js';

export interface CompareStep {
  /** Another run's target as the baseline: `RUN` or `RUN:TARGET`. */
  against?: string;
  gate?: GateOverrides;
  /** Reports to write from the comparison (--html, --md, --json, --junit). */
  reports?: ReportPaths;
  /** Never ask the judge or embeddings model (pinned report): verdicts from local evidence only. */
  offline?: boolean;
  signal: AbortSignal;
  /** The suite as loaded by `pinned run` (its hash and helper models: not its cases); else the file at the run's suite path is read when it is unchanged. */
  suite?: HelperSettings;
  /** The run, when the caller has just read it. */
  data?: RunData;
  /** Print nothing (pinned review reads the comparison for its own screen). */
  quiet?: boolean;
  /** Say what changed since an earlier comparison: a run of this database, or of another (--since, --since-db). */
  since?: SinceOption;
  /** Evidence computed as the run's answers arrived: used, not computed again. */
  kept?: KeptEvidence;
}

export interface StoredComparison {
  comparison: Comparison;
  /** Undefined when the database is open read-only: the comparison was made but not kept. */
  id: number | undefined;
  data: RunData;
  report: ReportData;
}

/**
 * Compares a stored run (`pinned run`, `compare` and `report` all come here): its outputs and the
 * baseline's, user JavaScript assertions, then the judge and embeddings on what local evidence
 * cannot settle. Keeps the comparison (unless the store is read-only: then local evidence only,
 * nothing kept), prints the decisions, writes the reports.
 */
export async function compareStoredRun(store: Store, runId: number, step: CompareStep, io: Io): Promise<StoredComparison> {
  refuseRunning(store, runId);
  const data = shardCases(step.data ?? store.readRun(runId), io);
  const against = parseAgainst(step.against);
  if (against) requireRun(store, against.runId, `--against ${step.against}`);
  if (against?.target && against.runId === runId && data.targets.some((t) => t.name === against.target && t.role === 'candidate')) {
    throw new UsageError(
      `--against ${step.against}: ${against.target} is a candidate of run ${runId} itself, and a candidate compared with itself says nothing`,
      `name the baseline or another run's ${against.target} (e.g. --against RUN:${against.target} with an earlier run)`,
    );
  }
  if (against) refuseRunning(store, against.runId);
  const baselineData = against ? store.readRun(against.runId) : undefined;
  const comparison = await compareStored(store, data, baselineData, against, step, io);
  const id = store.readonly ? undefined : store.saveComparison(comparison);
  const verification = baselineVerificationOf(store, baselineData ?? data, comparison.baseline.target);
  const since = step.since && sinceComparison(store, data.run.suiteName, runId, comparison, step.since);
  const history = suiteHistory(store, data.run.suiteName, runId);
  const report = buildReportData(data, comparison, {
    comparisonId: id,
    ...(since && { since }),
    history,
    ...(baselineData && { baselineData }),
    ...(verification && { baselineVerification: verification }),
  });
  const checked = formatBaselineVerification(comparison.baseline.target, verification);
  if (checked && !step.quiet) io.out(checked);
  if (since && !step.quiet) io.out(formatSince(since));
  if (!step.quiet) io.out(formatDecisions(comparison));
  if (step.reports) await writeReports(report, step.reports, io.env, { written: io.out, stdout: io.report });
  return { comparison, id, data, report };
}

/**
 * The comparison itself, in its own function so that its input (every case's samples) is garbage
 * once it returns: the report is built without it in memory.
 */
async function compareStored(
  store: Store,
  data: RunData,
  baselineData: RunData | undefined,
  against: { runId: number; target?: string } | undefined,
  step: CompareStep,
  io: Io,
): Promise<Comparison> {
  const input = compareInputFromRun(data, {
    gate: withOverrides(data.settings.gate, step.gate),
    ...(baselineData && { baselineData }),
    ...(against?.target && { baselineTarget: against.target }),
  });
  if (baselineData && !baselineData.targets.some((t) => t.name === input.baseline.target)) {
    throw new UsageError(
      `--against ${step.against}: run ${against!.runId} has no target '${input.baseline.target}'`,
      `its targets: ${baselineData.targets.map((t) => t.name).join(', ')}`,
    );
  }
  if (input.candidates.length === 0)
    throw new UsageError(
      `run ${data.run.id} has no candidate outputs to compare`,
      'run the candidates first (pinned run <suite>), or choose another run',
    );
  warnAboutChangedPrompts(data, baselineData, io);
  input.reviews = await readReviews(reviewFileName(data.run.suitePath));
  input.budget = budgetOf(data, { data: baselineData ?? data, target: input.baseline.target }, input.candidates);

  if (input.cases.some((c) => c.assert.some((a) => a.type === 'javascript'))) {
    const warn = (reference: string, error: string) =>
      io.err(`warning: javascript ${reference} cannot run (${error}): it fails on every output of every target`);
    input.external = { javascript: await evaluateJavascript(input, data.cases, data.run.suitePath, warn) };
  }
  // Candidates the run stopped sending early keep the sequential rule's decision (pinned run and pinned compare alike).
  const stopped = against ? {} : store.earlyStops(data.run.id);
  if (Object.keys(stopped).length > 0) input.stopped = stopped;
  const stoppingSeed = against ? undefined : (data.run.options.stopEarly as { seed?: number } | undefined)?.seed;
  if (stoppingSeed !== undefined) input.stoppingSeed = stoppingSeed;
  const seeds = new Set([...Object.values(stopped).map((stop) => stop.seed), ...(stoppingSeed === undefined ? [] : [stoppingSeed])]);
  if (seeds.size > 0) {
    // The order each stop was decided in (should a gate given here differ from its own), and the run's.
    const ids = data.cases.map((c) => c.id);
    input.stopOrders = Object.fromEntries([...seeds].map((seed) => [seed, caseOrder(ids, seed)]));
  }
  const comparison = compareRun(input, step.kept && { kept: step.kept });
  // On a read-only database the helpers are not asked: their answers (paid for) could not be kept.
  if (!step.offline && !store.readonly)
    return askHelpers(comparison, input, data, store, { signal: step.signal, ...(step.suite && { suite: step.suite }) }, io);
  return comparison;
}

/**
 * A run another live process is still filling would compare its missing cells as errors, and the
 * stored comparison would be the one later reports use: refuse it, saying how far it is. (The
 * process running it compares it itself at the end; a run whose process is gone can be compared.)
 */
function refuseRunning(store: Store, runId: number): void {
  const run = store.getRun(runId);
  if (!run || !store.isRunLive(run)) return;
  const { ok, total } = store.runCounts(runId);
  throw new UsageError(
    `run ${runId} is still running (${ok}/${total} cells done) in process ${run.pid} on ${run.host}; nothing was compared or stored`,
    'compare it once it has finished (pinned run compares it at the end), or stop it (Ctrl-C) and compare what it has',
  );
}

/** A shard run holds only its part of the cases: compare those, rather than call the rest errors. */
function shardCases(data: RunData, io: Io): RunData {
  const shard = data.run.options.shard as Shard | undefined;
  if (!shard) return data;
  const cases = data.cases.filter((c) => shardOf(c.id, shard.count) === shard.index);
  io.err(
    `run ${data.run.id} is shard ${formatShard(shard)}: comparing its ${cases.length} of ${data.cases.length} cases only; merge the shards (pinned merge) for the suite's decision`,
  );
  return { ...data, cases };
}

function parseAgainst(text: string | undefined): { runId: number; target?: string } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)(?::(.+))?$/.exec(text.trim());
  if (!match) throw new UsageError(`--against ${text}: expected RUN or RUN:TARGET, e.g. 4 or 4:gpt-4-0314`);
  return { runId: Number(match[1]), ...(match[2] && { target: match[2] }) };
}

function warnAboutChangedPrompts(data: RunData, baselineData: RunData | undefined, io: Io): void {
  if (!baselineData || baselineData === data) return;
  const before = new Map(baselineData.cases.map((c) => [c.id, JSON.stringify(c.messages)]));
  const changed = data.cases.filter((c) => before.has(c.id) && before.get(c.id) !== JSON.stringify(c.messages)).map((c) => c.id);
  if (changed.length)
    io.err(
      `warning: ${changed.length} case${changed.length === 1 ? '' : 's'} have different prompts in run ${baselineData.run.id}: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}`,
    );
}
