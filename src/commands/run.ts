import { executeJobs } from '../execute/execute-jobs.js';
import type { ExecuteHooks } from '../execute/types.js';
import { StoreError } from '../errors.js';
import { expandCells } from '../plan/expand-cells.js';
import { planRun } from '../plan/plan-run.js';
import { openStore } from '../store/open-store.js';
import { createOutcomeWriter } from '../store/outcome-writer.js';
import type { RunStatus } from '../store/types.js';
import { loadSuite } from '../suite/load-suite.js';
import { displayPath } from '../suite/display-path.js';
import { createProgress } from '../terminal/progress.js';
import { formatRunSummary } from '../terminal/run-summary.js';
import { formatWarnings } from '../terminal/warnings.js';
import { toolVersion } from '../version.js';
import { resolveDbPath } from './db-path.js';
import { checkHelperKeys, compareStoredRun, gateExitCode, type GateOverrides } from './compare.js';
import type { Comparison } from '../compare/types.js';
import type { Io } from './io.js';
import { buildLanes, learnedRewrites, readRecordings, recordingHashes, upFrontRewrites } from './lanes.js';
import type { LaneLimits } from '../execute/execute-jobs.js';
import { checkEnvironment, secretValues, selectTargets, targetRow, withoutSecrets } from './targets.js';

export interface RunOptions {
  suite: string;
  db?: string;
  /** Global cap on requests in flight, across targets. */
  concurrency?: number;
  samples?: number;
  only?: string[];
  /** Start a new run instead of continuing the latest unfinished one. */
  new?: boolean;
  /** Reuse stored outputs of identical requests (default true). */
  cache: boolean;
  progress: boolean;
  signal: AbortSignal;
  /** Compare the candidates with the baseline at the end (default true). */
  compare?: boolean;
  json?: string;
  gate?: GateOverrides;
}

export interface RunResult {
  runId: number;
  status: RunStatus;
  /** The gate's code after the comparison (0, 1, 3, 4); 4 cells left failed or missing; 130 interrupted. */
  exitCode: number;
  comparison?: Comparison;
}

export const DEFAULT_CONCURRENCY = 32;

/** loadSuite -> planRun -> executeJobs, every outcome stored as it arrives. */
export async function runSuite(options: RunOptions, io: Io): Promise<RunResult> {
  const started = Date.now();
  const suite = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const names = selectTargets(suite, options.only);
  const recordings = await readRecordings(suite, names);
  const store = openStore(resolveDbPath(options.db, io.env));
  try {
    const learned = learnedRewrites(suite, names, store);
    const cells = expandCells(suite, {
      targets: names,
      samples: options.samples,
      recordings: recordingHashes(recordings),
      learnedRewrites: Object.fromEntries(Object.entries(learned).map(([name, rewrites]) => [name, rewrites.map((r) => r.param)])),
    });
    const resumable = options.new ? undefined : store.findResumableRun(suite.hash);
    if (resumable && store.isRunLive(resumable)) {
      throw new StoreError(
        'STORE_BUSY',
        `run ${resumable.id} of this suite is in progress in process ${resumable.pid} on ${resumable.host}; wait for it, or start a separate run with --new`,
      );
    }
    const plan = planRun(
      cells,
      {
        finished: resumable ? store.finishedCells(resumable.id) : new Set(),
        cached: options.cache ? store.cachedResponses(cells) : new Map(),
      },
      { cache: options.cache },
    );
    const sending = [...new Set(plan.jobs.map((job) => job.target))];
    checkEnvironment(suite, sending, io.env);
    // The judge and embeddings models are asked after the run; their keys are checked now, before anything is sent.
    checkHelperKeys({ ...(suite.judge && { judge: suite.judge }), ...(suite.embeddings && { embeddings: suite.embeddings }) }, io.env);

    const runOptions = { targets: names, samples: options.samples ?? null, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, cache: options.cache };
    const targets = names.map((name) => targetRow(suite, suite.targets[name]!, recordings[name]?.sha256));
    const run = resumable
      ? store.claimRun(resumable.id, cells.length, runOptions, targets)
      : store.createRun({ suite: withoutSecrets(suite, secretValues(suite, io.env)), kind: 'run', targets, options: runOptions, totalCells: cells.length, toolVersion: toolVersion() });
    store.linkCells(run.id, plan.reuse);
    io.err(
      `${resumable ? 'resuming' : 'starting'} run ${run.id} of ${suite.name} (${displayPath(suite.path)}): ` +
        `${cells.length} cells, ${plan.jobs.length} to send, ${plan.reuse.length} reused from earlier runs` +
        (plan.done ? `, ${plan.done} already done` : ''),
    );

    let status: RunStatus = 'interrupted';
    const writer = createOutcomeWriter(store, run.id);
    const sent: Record<string, number> = {};
    let limits: Record<string, LaneLimits> = {};
    try {
      for (const [name, rewrites] of Object.entries(upFrontRewrites(suite, names, learned))) store.saveParamRewrites(run.id, name, rewrites);
      const lanes = await buildLanes(suite, sending, recordings, io.env, (name, rewrite) => store.saveParamRewrites(run.id, name, [rewrite]));
      const totals: Record<string, number> = {};
      for (const job of plan.jobs) totals[job.target] = (totals[job.target] ?? 0) + 1;
      const progress = options.progress && plan.jobs.length > 0
        ? createProgress({ write: io.err, tty: io.isTTY, totals, columns: io.columns, lineIntervalMs: Number(io.env.PINNED_PROGRESS_INTERVAL_MS) || undefined })
        : undefined;
      const hooks: ExecuteHooks = {
        onJobEnd(job, outcome) {
          writer.add(job, outcome);
          // A cell failed unsent (its target was stopped) made no request.
          if (outcome.attempts > 0) sent[job.target] = (sent[job.target] ?? 0) + 1;
          progress?.hooks.onJobEnd?.(job, outcome);
        },
        onRetry: (...args) => progress?.hooks.onRetry?.(...args),
      };
      const result = await executeJobs(plan.jobs, lanes, hooks, {
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        signal: options.signal,
      }).finally(() => progress?.finish());
      writer.flush();
      limits = result.limits;
      const counts = store.runCounts(run.id);
      status = result.interrupted ? 'interrupted' : counts.error + counts.missing > 0 ? 'incomplete' : 'completed';
    } finally {
      // Whatever arrived is saved even when the run fails; a failing save here rethrows.
      writer.flush();
      store.finishRun(run.id, status);
    }

    const data = store.readRun(run.id);
    const expected: Record<string, number> = {};
    for (const cell of cells) expected[cell.target] = (expected[cell.target] ?? 0) + 1;
    io.out(formatRunSummary({ data, expected, sent, elapsedMs: Date.now() - started, limits }));
    if (status === 'interrupted') {
      io.err(`interrupted: finished outputs are saved. Resume with: pinned run ${displayPath(suite.path)}${options.db ? ` --db ${options.db}` : ''}`);
      return { runId: run.id, status, exitCode: 130 };
    }
    if (status === 'incomplete') io.err('some cells failed or have no recording; running the same command again retries only those');
    const comparable = names.includes(suite.baseline) && names.some((name) => suite.candidates.includes(name));
    if (!comparable || options.compare === false) return { runId: run.id, status, exitCode: status === 'completed' ? 0 : 4 };
    io.out('');
    const { comparison } = await compareStoredRun(store, run.id, { suite, data, signal: options.signal, ...(options.json && { json: options.json }), ...(options.gate && { gate: options.gate }) }, io);
    if (options.json) io.err(`wrote ${options.json}`);
    return { runId: run.id, status, exitCode: gateExitCode(comparison, status === 'incomplete'), comparison };
  } finally {
    store.close();
  }
}
