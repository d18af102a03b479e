import type { TargetLimits } from '../domain/limits.js';
import type { BatchLedger } from '../execute/batch-types.js';
import { batchPollMs, buildBatchLanes } from '../execute/batch-lanes.js';
import { executeBatches } from '../execute/execute-batches.js';
import { executeJobs } from '../execute/execute-jobs.js';
import { buildLanes } from '../execute/lanes.js';
import type { ExecuteHooks } from '../execute/types.js';
import type { Store } from '../store/open-store.js';
import { createOutcomeWriter, type OutcomeWriter } from '../store/outcome-writer.js';
import type { RunStatus } from '../store/types.js';
import type { Io } from '../terminal/io.js';
import { createProgress } from '../terminal/progress.js';
import type { PreparedRun } from './prepare-run.js';
import type { Outcome } from '../domain/outcome.js';
import { scrubSecrets, secretValues } from '../suite/secret-values.js';
import { DEFAULT_CONCURRENCY, type StartedRun } from './start-run.js';

export interface ExecuteRunOptions {
  /** Cap on requests in flight across all targets. */
  concurrency?: number;
  progress: boolean;
  signal: AbortSignal;
}

export interface ExecutedRun {
  status: RunStatus;
  /** Requests sent per target in this invocation (cells failed unsent made none). */
  sent: Record<string, number>;
  limits: Record<string, TargetLimits>;
}

/**
 * Sends what the plan says, directly or through the Batch API, and commits every outcome as it
 * arrives: a crash loses at most the requests in flight. The run's status is stored whatever
 * happens, so an interrupted run is resumed by running the same command again.
 */
export async function executeRun(prepared: StartedRun, store: Store, options: ExecuteRunOptions, io: Io): Promise<ExecutedRun> {
  const { suite, plan, batched, run } = prepared;
  let status: RunStatus = 'interrupted';
  const writer = scrubbingWriter(createOutcomeWriter(store, run.id), secretValues(suite, io.env));
  const sent: Record<string, number> = {};
  let limits: Record<string, TargetLimits> = {};
  const reserve = store.reserveSpace();
  try {
    const direct = prepared.sending.filter((name) => !batched.has(name));
    const lanes = await buildLanes(suite, direct, prepared.recordings, io.env, (name, rewrite) =>
      store.saveParamRewrites(run.id, name, [rewrite]),
    );
    const progress = startProgress(prepared, options, io);
    const hooks: ExecuteHooks = {
      onJobEnd(job, outcome) {
        writer.add(job, outcome);
        if (outcome.attempts > 0) sent[job.target] = (sent[job.target] ?? 0) + 1;
        progress?.hooks.onJobEnd(job, outcome);
      },
      onRetry: (...attempt) => progress?.hooks.onRetry(...attempt),
    };
    const [viaApi, viaBatch] = await Promise.all([
      executeJobs(
        plan.jobs.filter((job) => !batched.has(job.target)),
        lanes,
        hooks,
        { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, signal: options.signal },
      ),
      buildBatchLanes(
        suite,
        prepared.sending.filter((name) => batched.has(name)),
        io.env,
      ).then((batchLanes) =>
        executeBatches(
          plan.jobs.filter((job) => batched.has(job.target)),
          batchLanes,
          hooks,
          {
            ledger: storeLedger(store, writer),
            pollMs: batchPollMs(io.env),
            signal: options.signal,
            runId: run.id,
            log: io.err,
          },
        ),
      ),
    ]).finally(() => progress?.finish());
    writer.flush();
    limits = viaApi.limits;
    store.saveRunLimits(run.id, limits);
    const counts = store.runCounts(run.id);
    status = viaApi.interrupted || viaBatch.interrupted ? 'interrupted' : counts.error + counts.missing > 0 ? 'incomplete' : 'completed';
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
  return { status, sent, limits };
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
    ...(outcome.refusal !== undefined && { refusal: scrub(outcome.refusal) }),
    ...(outcome.toolCalls && { toolCalls: outcome.toolCalls.map((call) => ({ ...call, arguments: scrub(call.arguments) })) }),
  };
}
