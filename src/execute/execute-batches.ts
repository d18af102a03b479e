import type { Job } from '../plan/types.js';
import { batchInput, lineKey, readBatchResults } from './batch-lines.js';
import type { BatchApi, BatchLedger, BatchState } from './batch-types.js';
import type { SubmittedBatch } from '../domain/submitted-batch.js';
import type { ExecuteResult } from './execute-jobs.js';
import type { AttemptResult, ExecuteHooks } from './types.js';
import type { Outcome } from '../domain/outcome.js';

/** How one target goes through the Batch API. */
export interface BatchLane {
  api: BatchApi;
  /** The target's base URL, under which its batches are kept. */
  endpoint: string;
  /** Rounds of resubmitting lines that failed with a retryable error. */
  maxRetries: number;
  /** Scrubs the target's key from provider messages before they are stored or printed. */
  redact(text: string): string;
}

export interface BatchOptions {
  ledger: BatchLedger;
  /** First wait between polls; it grows by half each poll up to 20 times this. */
  pollMs: number;
  /** Aborting stops polling; submitted batches stay pending and a rerun polls them. */
  signal?: AbortSignal;
  runId: number | null;
  /** One line per event worth telling a user (submitted, resumed, finished). */
  log(text: string): void;
}

const FINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);
// Lines of one batch; OpenAI takes up to 50,000 requests (and 200 MB) per input file.
const MAX_LINES = 50_000;

interface Followed {
  batch: SubmittedBatch;
  /** custom_id -> the job it answers. */
  jobs: Map<string, Job>;
  round: number;
}

/**
 * Sends each target's jobs as Batch API jobs and reports every cell through `hooks` like
 * executeJobs does. A job already in a pending batch (an interrupted run) is waited for, never
 * submitted again; lines that fail with a retryable error go into a new batch, up to maxRetries.
 */
export async function executeBatches(
  jobs: Job[],
  lanes: Record<string, BatchLane>,
  hooks: ExecuteHooks,
  options: BatchOptions,
): Promise<ExecuteResult> {
  // Batches are not paced: the provider queues them (limits stay empty).
  const result: ExecuteResult = { succeeded: 0, failed: 0, skipped: 0, interrupted: false, limits: {} };
  if (jobs.length === 0) return result;
  const byTarget = new Map<string, Job[]>();
  for (const job of jobs) {
    if (!Object.hasOwn(lanes, job.target)) throw new Error(`executeBatches: no batch lane for target '${job.target}'`);
    byTarget.set(job.target, [...(byTarget.get(job.target) ?? []), job]);
  }
  const runner = new BatchRunner(hooks, options, result);
  await Promise.all([...byTarget].map(([target, targetJobs]) => runner.runTarget(target, targetJobs, lanes[target]!)));
  result.interrupted = options.signal?.aborted ?? false;
  return result;
}

class BatchRunner {
  constructor(
    private readonly hooks: ExecuteHooks,
    private readonly options: BatchOptions,
    private readonly result: ExecuteResult,
  ) {}

  async runTarget(target: string, jobs: Job[], lane: BatchLane): Promise<void> {
    const open = new Map(jobs.map((job) => [lineKey(job), job]));
    const followed: Followed[] = [];
    for (const batch of this.options.ledger.pending(lane.endpoint, target)) {
      const mine = new Map<string, Job>();
      for (const line of batch.lines) {
        const job = open.get(lineKey(line));
        if (!job) continue;
        mine.set(line.customId, job);
        open.delete(lineKey(line));
      }
      if (mine.size === 0) continue;
      this.options.log(
        `${target}: resuming batch ${batch.id} (submitted ${batch.submittedAt}, ${mine.size} requests): polling it, not submitting again`,
      );
      followed.push({ batch, jobs: mine, round: 1 });
    }
    const fresh = [...open.values()];
    const chunks = Array.from({ length: Math.ceil(fresh.length / MAX_LINES) }, (_, i) => fresh.slice(i * MAX_LINES, (i + 1) * MAX_LINES));
    await Promise.all([
      ...followed.map((entry) => this.follow(target, lane, entry)),
      ...chunks.map((chunk) => this.submit(target, lane, chunk, 1)),
    ]);
  }

  private async submit(target: string, lane: BatchLane, jobs: Job[], round: number): Promise<void> {
    if (this.options.signal?.aborted) return this.skip(jobs.length);
    const { jsonl, lines } = batchInput(jobs);
    const started = performance.now();
    let submitted: { batchId: string; inputFileId: string };
    try {
      // Not abortable: once the provider may have created the batch, its id must be kept.
      submitted = await lane.api.submit(jsonl, { pinned_target: target.slice(0, 500), pinned_round: String(round) });
    } catch (error) {
      const failure = callFailure(error, performance.now() - started, 'submitting the batch failed', lane.redact);
      return jobs.forEach((job) => this.finish(job, failure, round));
    }
    const batch: SubmittedBatch = {
      id: submitted.batchId,
      endpoint: lane.endpoint,
      target,
      runId: this.options.runId,
      inputFileId: submitted.inputFileId,
      lines,
      submittedAt: new Date().toISOString(),
    };
    this.options.ledger.submitted(batch);
    this.options.log(
      `${target}: submitted batch ${batch.id} (${jobs.length} requests${round > 1 ? `, retry round ${round}` : ''}); waiting for it`,
    );
    for (const job of jobs) this.hooks.onJobStart?.(job);
    await this.follow(target, lane, { batch, jobs: new Map(lines.map((line, i) => [line.customId, jobs[i]!])), round });
  }

  private async follow(target: string, lane: BatchLane, entry: Followed): Promise<void> {
    const { batch } = entry;
    const done = await this.poll(lane, batch);
    if (!done) {
      this.options.log(`${target}: batch ${batch.id} is still running at the provider; running the same command again picks it up`);
      return this.skip(entry.jobs.size);
    }
    const latencyMs = Date.now() - Date.parse(batch.submittedAt);
    const unanswered: AttemptResult = {
      ok: false,
      kind: 'unknown',
      message:
        done.state.status === 'failed'
          ? `batch ${batch.id} failed: ${done.state.errors.join('; ') || 'no reason given'}`
          : `batch ${batch.id} ended ${done.state.status} without answering this request`,
      // A batch the provider rejected as a whole fails the same way when sent again.
      retryable: done.state.status !== 'failed',
      latencyMs,
    };
    const retry: Job[] = [];
    for (const [customId, job] of entry.jobs) {
      const result = done.results.get(customId) ?? unanswered;
      if (!result.ok && result.retryable && entry.round <= lane.maxRetries) retry.push(job);
      else this.finish(job, result, entry.round);
    }
    this.options.ledger.finished(lane.endpoint, batch.id, done.state.status);
    const failed = [...entry.jobs.keys()].filter((id) => !done.results.get(id)?.ok).length;
    this.options.log(
      `${target}: batch ${batch.id} ${done.state.status}: ${entry.jobs.size - failed} answered, ${failed} failed${retry.length ? `, ${retry.length} sent again` : ''}`,
    );
    if (retry.length > 0) {
      for (const job of retry) this.hooks.onRetry?.(job, entry.round, 0, 'batch line failed');
      await this.submit(target, lane, retry, entry.round + 1);
    }
  }

  /** Polls with growing waits until the batch is final and its files are read; undefined when interrupted. */
  private async poll(
    lane: BatchLane,
    batch: SubmittedBatch,
  ): Promise<{ state: BatchState; results: Map<string, AttemptResult> } | undefined> {
    const signal = this.options.signal ?? new AbortController().signal;
    const latencyMs = () => Date.now() - Date.parse(batch.submittedAt);
    let wait = this.options.pollMs;
    for (;;) {
      if (signal.aborted) return undefined;
      try {
        const state = await lane.api.retrieve(batch.id, signal);
        if (FINAL.has(state.status)) {
          const files = [state.outputFileId, state.errorFileId].filter((id): id is string => Boolean(id));
          const texts = await Promise.all(files.map((id) => lane.api.download(id, signal)));
          return { state, results: readBatchResults(texts, latencyMs(), lane.redact) };
        }
      } catch (error) {
        if (signal.aborted) return undefined;
        const status = (error as { status?: unknown }).status;
        // The provider does not know the batch (another key, deleted): waiting longer will not help.
        if (status === 404 || status === 401 || status === 403) {
          const message = lane.redact(error instanceof Error ? error.message : String(error));
          const state: BatchState = {
            status: 'failed',
            outputFileId: null,
            errorFileId: null,
            counts: null,
            errors: [`cannot read it (${status}): ${message}`],
          };
          return { state, results: new Map() };
        }
        this.options.log(
          `batch ${batch.id}: polling failed (${lane.redact(error instanceof Error ? error.message : String(error))}); trying again`,
        );
      }
      await sleep(wait, signal);
      wait = Math.min(wait * 1.5, this.options.pollMs * 20);
    }
  }

  private finish(job: Job, result: AttemptResult, attempts: number): void {
    const outcome: Outcome = result.ok ? { ...result, attempts } : { ...withoutRetryAfter(result), attempts };
    this.hooks.onJobEnd?.(job, outcome);
    if (outcome.ok) this.result.succeeded++;
    else this.result.failed++;
  }

  private skip(count: number): void {
    this.result.skipped += count;
  }
}

function withoutRetryAfter(result: Extract<AttemptResult, { ok: false }>) {
  const { retryAfterMs: _retryAfterMs, ...failure } = result;
  return failure;
}

function callFailure(error: unknown, latencyMs: number, what: string, redact: (text: string) => string): AttemptResult {
  const status = (error as { status?: unknown }).status;
  const message = redact(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  return {
    ok: false,
    kind: typeof status === 'number' ? 'http' : 'connection',
    ...(typeof status === 'number' && { status }),
    message,
    retryable: false,
    latencyMs,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
