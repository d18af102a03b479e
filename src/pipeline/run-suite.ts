// The composition root: `pinned run` reads as the pipeline's sentence.
import type { Comparison } from '../compare/types.js';
import { gateExitCode, type ExitCode } from '../exit-codes.js';
import { type ReportPaths, defaultHtmlPath } from '../report/write-reports.js';
import { resolveDbPath } from '../store/db-path.js';
import { openStore } from '../store/open-store.js';
import type { RunStatus } from '../store/types.js';
import type { GateOverrides } from '../suite/gate-overrides.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/types.js';
import type { Io } from '../terminal/io.js';
import { formatRunSummary } from '../terminal/run-summary.js';
import { formatWarnings } from '../terminal/warnings.js';
import { compareStoredRun } from './compare-stored-run.js';
import { executeRun, type DecideWhileRunning, type ExecuteRunOptions } from './execute-run.js';
import { UsageError } from '../errors.js';
import { DEFAULT_SEED } from '../plan/case-order.js';
import { withOverrides } from '../suite/gate-overrides.js';
import type { Gate } from '../suite/types.js';
import { whyNotCompared } from './not-compared.js';
import { chooseLineup, prepareRun, type PlanOptions, type PreparedRun } from './prepare-run.js';
import { startRun, type StartedRun, type StartOptions } from './start-run.js';
import type { SinceOption } from './since.js';

export interface RunOptions extends PlanOptions, StartOptions, ExecuteRunOptions {
  suite: string;
  db?: string;
  /** Compare the candidates with the baseline at the end (default true). */
  compare?: boolean;
  /** The HTML report's path (default reports/<suite>-<run>.html); false: none. */
  html?: string | false;
  md?: string;
  json?: string;
  junit?: string;
  comment?: string;
  gate?: GateOverrides;
  /** Say what changed since an earlier comparison (--since, --since-db). */
  since?: SinceOption;
  /** Stop sending a candidate once the decision on it is known (also gate.stop_early in the suite). */
  stopEarly?: boolean;
  /** The seed of the cases' random order when stopping early (default DEFAULT_SEED). */
  seed?: number;
}

export interface RunResult {
  runId: number;
  status: RunStatus;
  /** The gate's code after the comparison; without one, whether every cell is done (0, 4) or 130 interrupted. */
  exitCode: ExitCode;
  comparison?: Comparison;
}

/** loadSuite -> prepareRun -> startRun -> executeRun -> compareStoredRun -> reports. */
export async function runSuite(given: RunOptions, io: Io): Promise<RunResult> {
  const begun = Date.now();
  // Shard 1/1 holds every case: it is an ordinary run, compared and gated as one.
  const options = given.shard?.count === 1 ? { ...given, shard: undefined } : given;
  // `let`, as the plan below: let go before comparing.
  let suite: Suite | undefined = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const lineup = await chooseLineup(suite, options.only);
  const store = openStore(resolveDbPath(options.db, io.env));
  try {
    let prepared: PreparedRun | undefined = prepareRun(suite, lineup, store, options);
    const decide = decideWhileRunning(prepared, options, suite.gate);
    let started: StartedRun | undefined = await startRun(
      prepared,
      store,
      { ...options, ...(decide?.stopEarly && { stopEarlySeed: decide.stopEarly.seed }) },
      io,
    );
    // startRun planned the run again under the write lock: the first plan (as big as the second) is let go.
    prepared = undefined;
    if (options.seed !== undefined && !decide?.stopEarly)
      io.err('note: --seed orders the cases only when stopping early (--stop-early); ignored');
    if (decide?.stopEarly)
      io.err(
        `stopping early: cases go in a random order (seed ${decide.stopEarly.seed}; --seed N for another), each candidate until its decision is known`,
      );
    const { status, sent, limits, kept } = await executeRun(started, store, options, io, decide);
    const { run } = started;
    const notCompared = whyNotCompared(started, status, options);
    // Without a comparison to follow, the summary reads the cells only (not the cases and requests).
    const data = notCompared ? undefined : store.readRun(run.id);
    io.out(
      formatRunSummary({
        data: data ?? store.readRunCells(run.id),
        expected: cellsPerTarget(started.cells),
        sent,
        elapsedMs: Date.now() - begun,
        limits,
      }),
    );
    if (status === 'incomplete') io.err('some cells failed or have no recording; running the same command again retries only those');
    if (notCompared) {
      if (notCompared.message) io.err(notCompared.message);
      if (status !== 'interrupted' && (options.html || options.md || options.json || options.junit || options.comment)) {
        io.err('no comparison, so no reports were written; pinned report writes them once the run is compared');
      }
      return { runId: run.id, status, exitCode: notCompared.exitCode };
    }
    io.out('');
    const reports = reportPaths(options, suite.name, run.id);
    const settings = {
      hash: suite.hash,
      ...(suite.judge && { judge: suite.judge }),
      ...(suite.embeddings && { embeddings: suite.embeddings }),
    };
    // The comparison reads the run from the store: the loaded cases and the plan (~1.9 KB a case) are let go.
    suite = started = undefined;
    const { comparison } = await compareStoredRun(
      store,
      run.id,
      {
        suite: settings,
        data: data ?? store.readRun(run.id),
        signal: options.signal,
        ...(kept && { kept }),
        reports,
        ...(options.gate && { gate: options.gate }),
        ...(options.since && { since: options.since }),
      },
      io,
    );
    return { runId: run.id, status, exitCode: gateExitCode(comparison, status === 'incomplete'), comparison };
  } finally {
    store.close();
  }
}

/** A run that will be compared compares as answers arrive; with --stop-early (or gate.stop_early) it stops when the decision is known. */
function decideWhileRunning(prepared: PreparedRun, options: RunOptions, suiteGate: Gate): DecideWhileRunning | undefined {
  const gate = withOverrides(suiteGate, options.gate);
  const stop = options.stopEarly ?? gate.stopEarly ?? false;
  const comparable = whyNotCompared(prepared, 'completed', options) === undefined;
  // The suite's setting is named as such, with the flag that overrides it for this run.
  const asked = options.stopEarly ? '--stop-early' : 'stop_early: true (under gate: in the suite)';
  const instead = options.stopEarly ? '' : ', or pass --no-stop-early for this run';
  if (stop && !comparable) {
    const why =
      options.compare === false
        ? 'drop --no-compare'
        : options.shard
          ? 'drop --shard (a shard holds part of the cases, not a fair sample of them)'
          : 'run the baseline and at least one candidate (--only leaves this run without one of them)';
    throw new UsageError(`${asked} decides on the comparison as the run goes, and this run is not compared`, `${why}${instead}`);
  }
  if (stop && prepared.batched.size > 0)
    throw new UsageError(
      `${asked} sends cases one after another, and ${[...prepared.batched].join(', ')} go${prepared.batched.size === 1 ? 'es' : ''} through the Batch API all at once`,
      `drop --batch (or batch: true) to stop early${instead}`,
    );
  if (!comparable) return undefined;
  return { gate, ...(stop && { stopEarly: { seed: resumedSeed(prepared, options.seed) ?? options.seed ?? DEFAULT_SEED } }) };
}

/**
 * A resumed run that was stopping early keeps its seed: the cases it sent so far are a prefix of
 * that order, not of another one. A different --seed is for a separate run (--new).
 */
function resumedSeed(prepared: PreparedRun, asked: number | undefined): number | undefined {
  const kept = (prepared.resumable?.options.stopEarly as { seed?: number } | undefined)?.seed;
  if (kept === undefined || kept === asked || asked === undefined) return kept;
  throw new UsageError(
    `run ${prepared.resumable!.id} was stopping early with seed ${kept}, and resuming it with --seed ${asked} would change the order of the cases it has sent a prefix of`,
    `resume it with --seed ${kept} (or without --seed), or start a separate run with --new --seed ${asked}`,
  );
}

function cellsPerTarget(cells: Array<{ target: string }>): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const cell of cells) expected[cell.target] = (expected[cell.target] ?? 0) + 1;
  return expected;
}

/** The HTML report goes to reports/<suite>-<run>.html unless --html PATH or --no-html says otherwise. */
function reportPaths(options: RunOptions, suiteName: string, runId: number): ReportPaths {
  const html = options.html === false ? undefined : (options.html ?? defaultHtmlPath(suiteName, runId));
  return { html, md: options.md, json: options.json, junit: options.junit, comment: options.comment };
}
