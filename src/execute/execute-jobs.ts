import pLimit, { type LimitFunction } from 'p-limit';
import type { Job } from '../plan/types.js';
import { DEFAULT_BACKOFF, pausesLane, retryDelay, retryReason, shouldRetry, type Backoff } from './retry-policy.js';
import { LanePause, Sleeper } from './sleeper.js';
import type { AttemptResult, ExecuteHooks, Failure, Outcome, Sender } from './types.js';

/** How one target is executed: who sends its attempts, how many at once, how often to retry. */
export interface TargetLane {
  sender: Sender;
  concurrency: number;
  maxRetries: number;
}

export interface ExecuteOptions {
  /** Requests in flight over all targets. */
  concurrency: number;
  /** Aborting it interrupts the run: nothing new starts, in-flight attempts get `graceMs`. */
  signal?: AbortSignal;
  /** Default 5000. */
  graceMs?: number;
  /** Default 500 / 30000. */
  backoff?: Backoff;
}

export interface ExecuteResult {
  succeeded: number;
  failed: number;
  /** Jobs left for a later resume: interrupted before they started, while backing off, or aborted in flight. */
  skipped: number;
  interrupted: boolean;
}

const DEFAULT_GRACE_MS = 5000;

/** The job was not finished and must not be reported (the caller redoes it on resume). */
const SKIPPED: unique symbol = Symbol('skipped');
/** The target was paused by a 429 while the attempt queued for a global slot. */
const PAUSED: unique symbol = Symbol('paused');

type AttemptStep = AttemptResult | typeof SKIPPED;

interface Lane {
  spec: TargetLane;
  limit: LimitFunction;
  pause: LanePause;
}

/**
 * Runs every job on its target's lane and reports each through `hooks`. Resolves when every job
 * is finished or skipped; rejects with a hook's exception (after in-flight attempts settle),
 * because a progress or storage hook that fails means results would be lost.
 */
export async function executeJobs(
  jobs: Job[],
  lanes: Record<string, TargetLane>,
  hooks: ExecuteHooks,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  for (const job of jobs) {
    if (!Object.hasOwn(lanes, job.target)) throw new Error(`executeJobs: no lane for target '${job.target}'`);
  }
  return new Runner(lanes, hooks, options).run(jobs);
}

class Runner {
  private readonly global: LimitFunction;
  private readonly lanes = new Map<string, Lane>();
  private readonly sleeper = new Sleeper();
  private readonly inFlight = new Set<AbortController>();
  /** Promises returned by async hooks; the run settles only after they do, so their errors surface. */
  private readonly pendingHooks = new Set<Promise<unknown>>();
  private readonly backoff: Backoff;
  private readonly graceMs: number;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopping = false;
  private interrupted = false;
  private hookFailure: { error: unknown } | undefined;
  private succeeded = 0;
  private failed = 0;
  private skipped = 0;

  constructor(
    lanes: Record<string, TargetLane>,
    private readonly hooks: ExecuteHooks,
    private readonly options: ExecuteOptions,
  ) {
    // rejectOnClear lets an interrupt drop thousands of queued jobs at once instead of draining them.
    this.global = pLimit({ concurrency: options.concurrency, rejectOnClear: true });
    for (const [name, spec] of Object.entries(lanes)) {
      this.lanes.set(name, {
        spec,
        limit: pLimit({ concurrency: spec.concurrency, rejectOnClear: true }),
        pause: new LanePause(this.sleeper),
      });
    }
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  async run(jobs: Job[]): Promise<ExecuteResult> {
    const { signal } = this.options;
    const onAbort = (): void => this.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) this.interrupt();
    try {
      // Every job is queued at once, in the given order; only the limiters decide when it starts.
      await Promise.all(jobs.map((job) => this.runJob(job)));
      while (this.pendingHooks.size > 0) await Promise.all(this.pendingHooks);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(this.graceTimer);
    }
    if (this.hookFailure) throw this.hookFailure.error;
    return { succeeded: this.succeeded, failed: this.failed, skipped: this.skipped, interrupted: this.interrupted };
  }

  private async runJob(job: Job): Promise<void> {
    const lane = this.lanes.get(job.target)!;
    for (let attempt = 1; ; attempt++) {
      let result: AttemptStep;
      try {
        result = await lane.limit(() => this.inLaneSlot(lane, job, attempt));
      } catch (error) {
        if (!this.stopping) throw error;
        result = SKIPPED; // the queue was cleared by an interrupt
      }
      if (result === SKIPPED) return this.skip();
      if (result.ok || !shouldRetry(result, attempt, lane.spec.maxRetries)) return this.finish(job, result, attempt);
      // A retryable failure is not a final answer: after an interrupt the job is redone on resume.
      if (this.stopping) return this.skip();
      const delay = retryDelay(attempt, result, this.backoff);
      if (!this.callHook(() => this.hooks.onRetry?.(job, attempt, delay, retryReason(result)))) return this.skip();
      // Outside both slots: a job backing off must not keep another from sending.
      await this.sleeper.sleep(delay);
      if (this.stopping) return this.skip();
    }
  }

  // Target slot first, then global slot: a job waiting for its busy target never holds a global
  // slot. Not async on purpose: on the common path (no pause) it adds no await of its own.
  private inLaneSlot(lane: Lane, job: Job, attempt: number): AttemptStep | Promise<AttemptStep> {
    if (this.stopping) return SKIPPED;
    const pause = lane.pause.wait();
    if (pause) return pause.then(() => this.inLaneSlot(lane, job, attempt));
    return this.global(() => this.inGlobalSlot(lane, job, attempt)).then((step) =>
      step === PAUSED ? this.inLaneSlot(lane, job, attempt) : step,
    );
  }

  private async inGlobalSlot(lane: Lane, job: Job, attempt: number): Promise<AttemptStep | typeof PAUSED> {
    if (this.stopping) return SKIPPED;
    // Give the global slot back to other targets while this one waits out its rate limit.
    if (lane.pause.isPaused()) return PAUSED;
    if (attempt === 1 && !this.callHook(() => this.hooks.onJobStart?.(job))) return SKIPPED;
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const result = await lane.spec.sender.send(job, controller.signal);
      // Extended before the slot is released, so the next queued job of this target already waits.
      if (!result.ok && pausesLane(result)) lane.pause.extend(retryDelay(attempt, result, this.backoff));
      // Cut off by the interrupt: not an answer, the job is redone on resume. A success that
      // raced the abort is a real answer and is kept.
      if (controller.signal.aborted && !result.ok) return SKIPPED;
      return result;
    } catch (error) {
      if (controller.signal.aborted) return SKIPPED;
      return senderCrash(error);
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private finish(job: Job, result: AttemptResult, attempts: number): void {
    const outcome = toOutcome(result, attempts);
    if (!this.callHook(() => this.hooks.onJobEnd?.(job, outcome))) return this.skip();
    if (outcome.ok) this.succeeded++;
    else this.failed++;
  }

  private skip(): void {
    this.skipped++;
  }

  private interrupt(): void {
    this.interrupted = true;
    if (this.stopping) return;
    this.stop();
    this.graceTimer = setTimeout(() => this.abortInFlight(), this.graceMs);
  }

  private stop(): void {
    this.stopping = true;
    this.sleeper.wakeAll();
    // Lanes first: their queued jobs hold nothing. Then the global queue, whose entries hold lane slots.
    for (const lane of this.lanes.values()) lane.limit.clearQueue();
    this.global.clearQueue();
  }

  private abortInFlight(): void {
    for (const controller of this.inFlight) controller.abort();
  }

  /** False when the hook threw (now or asynchronously later): the run is then being stopped. */
  private callHook(call: () => unknown): boolean {
    if (this.hookFailure) return false;
    try {
      const returned = call();
      if (isThenable(returned)) this.track(returned);
      return true;
    } catch (error) {
      this.failHook(error);
      return false;
    }
  }

  private track(hook: PromiseLike<unknown>): void {
    const settled: Promise<unknown> = Promise.resolve(hook).then(
      () => this.pendingHooks.delete(settled),
      (error: unknown) => {
        this.pendingHooks.delete(settled);
        this.failHook(error);
      },
    );
    this.pendingHooks.add(settled);
  }

  private failHook(error: unknown): void {
    if (this.hookFailure) return;
    this.hookFailure = { error };
    this.stop();
    // Results can no longer be reported, so waiting out in-flight requests would only delay the error.
    this.abortInFlight();
  }
}

function toOutcome(result: AttemptResult, attempts: number): Outcome {
  if (result.ok) return { ...result, attempts };
  const { retryAfterMs: _retryAfterMs, ...failure } = result;
  return { ...failure, attempts } satisfies Failure;
}

function senderCrash(error: unknown): AttemptResult {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, kind: 'unknown', message: `sender failed: ${message}`, retryable: false, latencyMs: 0 };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
