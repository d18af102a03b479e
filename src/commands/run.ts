import { executeBatches } from '../execute/execute-batches.js';
import { executeJobs } from '../execute/execute-jobs.js';
import type { ExecuteHooks } from '../execute/types.js';
import { StoreError } from '../errors.js';
import { formatShard, type Shard } from '../plan/shard.js';
import { openStore } from '../store/open-store.js';
import { createOutcomeWriter } from '../store/outcome-writer.js';
import type { RunRow, RunStatus } from '../store/types.js';
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
import { buildLanes, learnedRewrites, readRecordings, upFrontRewrites } from './lanes.js';
import { planCells } from './plan-cells.js';
import { preflight } from './costs.js';
import { formatContextWarnings, formatUsd } from '../terminal/cost.js';
import { defaultHtmlPath } from './write-reports.js';
import { batchPollMs, batchTargets, buildBatchLanes, storeLedger } from './batch-lanes.js';
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
  /** The HTML report's path (default reports/<suite>-<run>.html); false: none. */
  html?: string | false;
  md?: string;
  junit?: string;
  gate?: GateOverrides;
  /** Refuse to start when the estimate of what would be sent exceeds this many USD. */
  maxCost?: number;
  /** Only this part of the cases (by a hash of the case id); such a run is not compared on its own. */
  shard?: Shard;
  /** Send every endpoint target's cells through the Batch API (as `batch: true` on each). */
  batch?: boolean;
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
export async function runSuite(given: RunOptions, io: Io): Promise<RunResult> {
  const started = Date.now();
  // Shard 1/1 holds every case: it is an ordinary run, compared and gated as one.
  const options = given.shard?.count === 1 ? { ...given, shard: undefined } : given;
  const suite = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const names = selectTargets(suite, options.only);
  const recordings = await readRecordings(suite, names);
  const store = openStore(resolveDbPath(options.db, io.env));
  try {
    const learned = learnedRewrites(suite, names, store);
    const { cells, resumable, plan } = planCells(suite, store, names, recordings, { ...options, learnedRewrites: learned });
    if (resumable && store.isRunLive(resumable)) {
      throw new StoreError(
        'STORE_BUSY',
        `run ${resumable.id} of this suite is in progress in process ${resumable.pid} on ${resumable.host}; wait for it, or start a separate run with --new`,
      );
    }
    const sending = [...new Set(plan.jobs.map((job) => job.target))];
    checkEnvironment(suite, sending, io.env);
    // The judge and embeddings models are asked after the run; their keys are checked now, before anything is sent.
    checkHelperKeys({ ...(suite.judge && { judge: suite.judge }), ...(suite.embeddings && { embeddings: suite.embeddings }) }, io.env);
    const checked = await preflight(suite, store, { names, cells, jobs: plan.jobs, batched: batchTargets(suite, names, options.batch) }, options.maxCost);
    if (checked.contextWarnings.length > 0) io.err(formatContextWarnings(checked.contextWarnings));
    if (checked.estimate) io.err(`estimated cost of what will be sent: ${formatUsd(checked.estimate.totalUsd)} (--max-cost ${formatUsd(options.maxCost!)})`);

    if (!resumable && !options.new) noteEditedSuite(store.latestRun({ kind: 'run' }), suite, io);

    const runOptions = { targets: names, samples: options.samples ?? null, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, cache: options.cache, ...(options.shard && { shard: options.shard }), ...(options.batch && { batch: true }) };
    const targets = names.map((name) => targetRow(suite, suite.targets[name]!, recordings[name]?.sha256));
    const run = resumable
      ? store.claimRun(resumable.id, cells.length, runOptions, targets)
      : store.createRun({ suite: withoutSecrets(suite, secretValues(suite, io.env)), kind: 'run', targets, options: runOptions, totalCells: cells.length, toolVersion: toolVersion() });
    store.linkCells(run.id, plan.reuse);
    io.err(
      `${resumable ? 'resuming' : 'starting'} run ${run.id} of ${suite.name} (${displayPath(suite.path)})` +
        `${options.shard ? `, shard ${formatShard(options.shard)}` : ''}: ` +
        `${cells.length} cells, ${plan.jobs.length} to send, ${plan.reuse.length} reused from earlier runs` +
        (plan.done ? `, ${plan.done} already done` : ''),
    );

    let status: RunStatus = 'interrupted';
    const writer = createOutcomeWriter(store, run.id);
    const sent: Record<string, number> = {};
    let limits: Record<string, LaneLimits> = {};
    try {
      for (const [name, rewrites] of Object.entries(upFrontRewrites(suite, names, learned))) store.saveParamRewrites(run.id, name, rewrites);
      const batched = batchTargets(suite, sending, options.batch);
      const lanes = await buildLanes(suite, sending.filter((name) => !batched.has(name)), recordings, io.env, (name, rewrite) => store.saveParamRewrites(run.id, name, [rewrite]));
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
      const [direct, viaBatch] = await Promise.all([
        executeJobs(plan.jobs.filter((job) => !batched.has(job.target)), lanes, hooks, {
          concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
          signal: options.signal,
        }),
        buildBatchLanes(suite, batched, io.env).then((batchLanes) =>
          executeBatches(plan.jobs.filter((job) => batched.has(job.target)), batchLanes, hooks, {
            ledger: storeLedger(store, writer),
            pollMs: batchPollMs(io.env),
            signal: options.signal,
            runId: run.id,
            log: io.err,
          }),
        ),
      ]).finally(() => progress?.finish());
      const result = { interrupted: direct.interrupted || viaBatch.interrupted };
      writer.flush();
      limits = direct.limits;
      store.saveRunLimits(run.id, limits);
      const counts = store.runCounts(run.id);
      status = result.interrupted ? 'interrupted' : counts.error + counts.missing > 0 ? 'incomplete' : 'completed';
    } finally {
      // Whatever arrived is saved even when the run fails; a failing save here rethrows.
      writer.flush();
      store.finishRun(run.id, status);
    }

    const comparable = names.includes(suite.baseline) && names.some((name) => suite.candidates.includes(name));
    const comparing = status !== 'interrupted' && comparable && options.compare !== false && !options.shard;
    // Without a comparison to follow, the summary reads the cells only (not the cases and requests).
    const full = comparing ? store.readRun(run.id) : undefined;
    const data = full ?? store.readRunCells(run.id);
    const expected: Record<string, number> = {};
    for (const cell of cells) expected[cell.target] = (expected[cell.target] ?? 0) + 1;
    io.out(formatRunSummary({ data, expected, sent, elapsedMs: Date.now() - started, limits }));
    if (status === 'interrupted') {
      io.err(`interrupted: finished outputs are saved. Resume with: ${resumeCommand(displayPath(suite.path), options)}`);
      return { runId: run.id, status, exitCode: 130 };
    }
    if (status === 'incomplete') io.err('some cells failed or have no recording; running the same command again retries only those');
    const reports = { html: options.html === false ? undefined : (options.html ?? defaultHtmlPath(suite.name, run.id)), md: options.md, json: options.json, junit: options.junit };
    if (comparable && options.compare !== false && options.shard) {
      io.err(`shard ${formatShard(options.shard)} is not compared on its own (it holds part of the cases): merge the shards with pinned merge, then run pinned compare (or pinned report) on the merged database`);
    }
    if (!comparable && options.compare !== false && !options.shard) {
      const lacking = names.includes(suite.baseline) ? 'no candidate' : 'not the baseline';
      io.err(
        `not compared: --only runs ${lacking}, so this exit code is no gate. A run of the whole suite reuses these outputs ` +
          `(identical requests are not sent again) and compares; or pinned compare RUN --against RUN:${suite.baseline}`,
      );
    }
    if (!comparable || options.compare === false || options.shard) {
      if (options.html || options.md || options.json || options.junit) io.err('no comparison, so no reports were written; pinned report writes them once the run is compared');
      return { runId: run.id, status, exitCode: status === 'completed' ? 0 : 4 };
    }
    io.out('');
    const { comparison } = await compareStoredRun(store, run.id, { suite, data: full ?? store.readRun(run.id), signal: options.signal, reports, ...(options.gate && { gate: options.gate }) }, io);
    return { runId: run.id, status, exitCode: gateExitCode(comparison, status === 'incomplete'), comparison };
  } finally {
    store.close();
  }
}

/** The command that picks up where this one stopped: the flags that choose which cells a run fills. */
export function resumeCommand(suitePath: string, options: Pick<RunOptions, 'db' | 'shard' | 'only' | 'samples' | 'batch' | 'cache' | 'compare'>): string {
  const quote = (text: string) => (/^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  const words = ['pinned', 'run', quote(suitePath)];
  if (options.db) words.push('--db', quote(options.db));
  if (options.shard) words.push('--shard', formatShard(options.shard));
  if (options.only?.length) words.push('--only', quote(options.only.join(',')));
  if (options.samples) words.push('--samples', String(options.samples));
  if (options.batch) words.push('--batch');
  if (options.cache === false) words.push('--no-cache');
  if (options.compare === false) words.push('--no-compare');
  return words.join(' ');
}

/** A run of this suite that stopped short is not resumed once the suite changed: say so, once. */
function noteEditedSuite(latest: RunRow | undefined, suite: { name: string; hash: string }, io: Io): void {
  if (!latest || latest.suiteName !== suite.name || latest.suiteHash === suite.hash) return;
  if (latest.status !== 'interrupted' && latest.status !== 'incomplete') return;
  io.err(`note: run ${latest.id} of ${suite.name} stopped ${latest.status} with an earlier version of the suite; this version starts a new run, reusing the stored outputs of identical requests`);
}
