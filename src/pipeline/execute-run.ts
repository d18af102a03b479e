import type { TargetLimits } from '../domain/limits.js';
import type { BatchLedger } from '../execute/batch-types.js';
import { batchPollMs, buildBatchLanes } from '../execute/batch-lanes.js';
import { executeBatches } from '../execute/execute-batches.js';
import { executeJobs } from '../execute/execute-jobs.js';
import { buildLanes } from '../execute/lanes.js';
import type { ExecuteHooks, StepLedger } from '../execute/types.js';
import { cacheKey, type Job } from '../plan/types.js';
import type { Success } from '../domain/outcome.js';
import type { ResponseRow } from '../store/types.js';
import type { Store } from '../store/open-store.js';
import { createOutcomeWriter, type OutcomeWriter } from '../store/outcome-writer.js';
import type { RunStatus } from '../store/types.js';
import type { Io } from '../terminal/io.js';
import { createProgress } from '../terminal/progress.js';
import type { PreparedRun } from './prepare-run.js';
import type { Outcome } from '../domain/outcome.js';
import { scrubSecrets, secretValues } from '../suite/secret-values.js';
import { DEFAULT_CONCURRENCY, type StartedRun } from './start-run.js';
import type { KeptEvidence } from '../compare/kept-evidence.js';
import type { EarlyStop } from '../compare/types.js';
import { caseOrder, jobsInOrder } from '../plan/case-order.js';
import type { Gate } from '../suite/types.js';
import { readReviews } from '../suite/reviews.js';
import { reviewFileName } from '../domain/review.js';
import { compareAsArriving, type ArrivingComparison } from './compare-as-arriving.js';
import { stopEarly, type EarlyStopper } from './stop-early.js';

export interface ExecuteRunOptions {
  /** Cap on requests in flight across all targets. */
  concurrency?: number;
  progress: boolean;
  signal: AbortSignal;
  /** Reuse stored answers of identical requests (a conversation's requests too). */
  cache: boolean;
}

/** Comparing as answers arrive (a run that will be compared), and stopping early when asked. */
export interface DecideWhileRunning {
  gate: Gate;
  /** --stop-early: cases in this seed's order, candidates sent nothing more once decided. */
  stopEarly?: { seed: number };
}

export interface ExecutedRun {
  status: RunStatus;
  /** Requests sent per target in this invocation (cells failed unsent made none). */
  sent: Record<string, number>;
  limits: Record<string, TargetLimits>;
  /** Evidence computed as answers arrived (read back from the store by key), for the final comparison; undefined when nothing was compared while running. */
  kept?: KeptEvidence;
  /** Candidates stopped early, with what was saved. */
  stops?: Record<string, EarlyStop>;
}

/**
 * Sends what the plan says, directly or through the Batch API, and commits every outcome as it
 * arrives: a crash loses at most the requests in flight. The run's status is stored whatever
 * happens, so an interrupted run is resumed by running the same command again.
 */
export async function executeRun(
  prepared: StartedRun,
  store: Store,
  options: ExecuteRunOptions,
  io: Io,
  decide?: DecideWhileRunning,
): Promise<ExecutedRun> {
  const { suite, batched, run } = prepared;
  const order = decide?.stopEarly && caseOrder([...new Set(prepared.cells.map((cell) => cell.caseId))], decide.stopEarly.seed);
  const plan = order ? { ...prepared.plan, jobs: jobsInOrder(prepared.plan.jobs, order) } : prepared.plan;
  let status: RunStatus = 'interrupted';
  const writer = scrubbingWriter(createOutcomeWriter(store, run.id), secretValues(suite, io.env));
  const sent: Record<string, number> = {};
  let limits: Record<string, TargetLimits> = {};
  let stops: Record<string, EarlyStop> | undefined;
  let arriving: ArrivingComparison | undefined;
  // Without --stop-early a resumed run sends the rest: its candidates are no longer stopped.
  if (!order) store.clearEarlyStops(run.id);
  const reserve = store.reserveSpace();
  try {
    // A conversation's requests depend on its earlier answers, so it never goes through the Batch API;
    // nor does a Responses API target's or an Azure deployment's (pinned writes OpenAI's Chat Completions batch lines).
    const viaBatch = (job: Job) => {
      const target = suite.targets[job.target];
      return batched.has(job.target) && job.request.kind === 'chat' && !(target?.kind === 'endpoint' && target.azure);
    };
    const direct = prepared.sending.filter((name) => !batched.has(name) || plan.jobs.some((job) => job.target === name && !viaBatch(job)));
    const secrets = secretValues(suite, io.env);
    const lanes = await buildLanes(
      suite,
      direct,
      prepared.recordings,
      io.env,
      (name, rewrite) => store.saveParamRewrites(run.id, name, [rewrite]),
      stepLedger(store, run.id, options.cache, secrets),
    );
    const progress = startProgress(prepared, options, io);
    let stopper: EarlyStopper | undefined;
    // A review file that cannot be read is reported by the comparison at the end; here verdicts go without it.
    const reviews = decide ? await readReviews(reviewFileName(suite.path)).catch(() => undefined) : undefined;
    arriving =
      decide &&
      compareAsArriving(prepared, store, {
        gate: decide.gate,
        flush: () => writer.flush(),
        warn: (message) => io.err(`warning: ${message}`),
        ...(reviews && { reviews }),
        onVerdicts(counts) {
          for (const [name, tally] of Object.entries(counts)) {
            const stopped = stopper?.decided(name);
            if (stopped) tally.stopped = stopped;
          }
          progress?.verdicts(counts);
        },
        afterSlice: () => stopper?.look(),
        onFailure: () => stopper?.release(),
      });
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (arriving && order)
      stopper = stopEarly(prepared, store, arriving, {
        gate: decide.gate,
        seed: decide.stopEarly!.seed,
        order,
        // Sending stays this many cases ahead of what the rule can look at: twice what the cap
        // lets fly at once keeps every slot busy while verdicts catch up.
        ahead: Math.max(32, 2 * concurrency),
      });
    // What earlier invocations stored is compared first: a rerun that stops early decides before sending.
    await arriving?.drain();
    const hooks: ExecuteHooks = {
      onJobEnd(job, outcome) {
        writer.add(job, outcome);
        arriving?.settled(job);
        if (outcome.attempts > 0) sent[job.target] = (sent[job.target] ?? 0) + 1;
        progress?.hooks.onJobEnd(job, outcome);
      },
      onRetry: (...attempt) => progress?.hooks.onRetry(...attempt),
    };
    const [viaApi, batches] = await Promise.all([
      executeJobs(
        plan.jobs.filter((job) => !viaBatch(job)),
        lanes,
        hooks,
        {
          concurrency,
          signal: options.signal,
          ...(stopper && {
            skip(job: Job) {
              const skip = !stopper.needed(job);
              if (skip) progress?.skipped(job);
              return skip;
            },
            hold: stopper.hold,
          }),
        },
      ),
      buildBatchLanes(
        suite,
        prepared.sending.filter((name) => batched.has(name)),
        io.env,
      ).then((batchLanes) =>
        executeBatches(plan.jobs.filter(viaBatch), batchLanes, hooks, {
          ledger: storeLedger(store, writer),
          pollMs: batchPollMs(io.env),
          signal: options.signal,
          runId: run.id,
          log: io.err,
        }),
      ),
    ])
      .then(async (executed) => {
        // The last answers are compared before the progress shows its final state.
        writer.flush();
        await arriving?.drain();
        return executed;
      })
      .finally(() => progress?.finish());
    stops = await stopper?.finish();
    limits = viaApi.limits;
    store.saveRunLimits(run.id, limits);
    const counts = store.runCounts(run.id);
    // A failed cell no decision needs (a stopped candidate's, after the cases its decision rests on) leaves nothing to retry.
    const unfinished =
      counts.error + counts.missing > 0 &&
      (!stopper || store.unfinishedCells(run.id).some((cell) => stopper.wanted(cell.target, cell.caseId)));
    status = viaApi.interrupted || batches.interrupted ? 'interrupted' : unfinished ? 'incomplete' : 'completed';
  } finally {
    // Whatever arrived is saved even when the run fails, and the run is released (interrupted
    // unless it ended) even when that save fails too. On a full disk the space the reserve kept
    // is what lets these last writes through.
    reserve.release();
    try {
      writer.flush();
    } finally {
      store.finishRun(run.id, status);
    }
  }
  return { status, sent, limits, ...(arriving && { kept: arriving.kept }), ...(stops && { stops }) };
}

function startProgress({ plan }: PreparedRun, options: ExecuteRunOptions, io: Io) {
  if (!options.progress || plan.jobs.length === 0) return undefined;
  const totals: Record<string, number> = {};
  for (const job of plan.jobs) totals[job.target] = (totals[job.target] ?? 0) + 1;
  return createProgress({
    write: io.err,
    tty: io.isTTY,
    totals,
    columns: io.columns,
    lineIntervalMs: Number(io.env.PINNED_PROGRESS_INTERVAL_MS) || undefined,
  });
}

/**
 * Where a conversation's requests are kept: each answer is stored the moment it arrives, under the
 * run, cell and its position in the conversation, so a resumed or retried conversation sends only
 * what is still unanswered. With the cache, an identical request of any run answers too.
 */
function stepLedger(store: Store, runId: number, cache: boolean, secrets: string[]): StepLedger {
  return {
    find(job, step, _request, requestHash) {
      let row = store.findStep(runId, job, step);
      if (!row && cache) {
        const id = store.cachedResponses([{ requestHash, sample: job.sample }]).get(cacheKey(requestHash, job.sample));
        row = id === undefined ? undefined : store.readResponses([id]).get(id);
      }
      return row?.ok ? storedSuccess(row) : undefined;
    },
    save(job, step, request, requestHash, outcome) {
      store.saveStep(runId, job, step, request, requestHash, secrets.length ? scrubOutcome(outcome, secrets) : outcome);
    },
  };
}

function storedSuccess(row: ResponseRow): Omit<Success, 'attempts'> {
  return {
    ok: true,
    output: row.output ?? '',
    ...(row.refusal !== undefined && { refusal: row.refusal }),
    ...(row.toolCalls && { toolCalls: row.toolCalls }),
    finishReason: row.finishReason,
    model: row.model,
    systemFingerprint: row.systemFingerprint,
    usage: row.usage,
    latencyMs: row.latencyMs,
    source: row.source,
  };
}

/** Batches in the run's database; a batch is marked finished only after its outcomes are committed. */
function storeLedger(store: Store, writer: OutcomeWriter): BatchLedger {
  return {
    pending: (endpoint, target) => store.pendingBatches(endpoint, target),
    submitted: (batch) => store.saveBatch(batch),
    finished(endpoint, batchId, status) {
      writer.flush();
      store.finishBatch(endpoint, batchId, status);
    },
  };
}

/**
 * A model that echoes a key or another value from the environment (a header, a credential in the
 * base URL) must not put it in the database, and from there in every report: outputs and error
 * messages are stored with those values redacted. Nothing the comparison needs is lost, since
 * both sides are redacted alike.
 */
function scrubbingWriter(writer: OutcomeWriter, secrets: string[]): OutcomeWriter {
  if (secrets.length === 0) return writer;
  return { ...writer, add: (cell, outcome) => writer.add(cell, scrubOutcome(outcome, secrets)) };
}

export function scrubOutcome<T extends Outcome>(outcome: T, secrets: string[]): T {
  if (!outcome.ok) return { ...outcome, message: scrubSecrets(outcome.message, secrets) };
  const scrub = (text: string) => scrubSecrets(text, secrets);
  return {
    ...outcome,
    output: scrub(outcome.output),
    ...(outcome.turns && {
      turns: outcome.turns.map((turn) => ({
        ...turn,
        output: scrub(turn.output),
        ...(turn.refusal !== undefined && { refusal: scrub(turn.refusal) }),
        ...(turn.toolCalls && { toolCalls: turn.toolCalls.map((call) => ({ ...call, arguments: scrub(call.arguments) })) }),
      })),
    }),
    ...(outcome.refusal !== undefined && { refusal: scrub(outcome.refusal) }),
    ...(outcome.toolCalls && { toolCalls: outcome.toolCalls.map((call) => ({ ...call, arguments: scrub(call.arguments) })) }),
  };
}
