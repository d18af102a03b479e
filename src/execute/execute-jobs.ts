import type { TargetLimits } from '../domain/limits.js';
import pLimit, { type LimitFunction } from 'p-limit';
import { hashRequest } from '../plan/build-request.js';
import type { Job } from '../plan/types.js';
import { senderCrash, toOutcome } from './attempt-outcome.js';
import { createLane, laneLimits, type Lane } from './lane.js';
import type { PaceTicket } from './pacer.js';
import { pauseBeforeLimit } from './rate-limit-headers.js';
import {
  DEFAULT_BACKOFF,
  pauseDelay,
  pausesLane,
  retryDelay,
  retryReason,
  shouldRetry,
  withRetryAfterNote,
  type Backoff,
} from './retry-policy.js';
import { Sleeper } from './sleeper.js';
import type { AttemptResult, ExecuteHooks, Sender, TargetLane } from './types.js';

/** How one target is executed: who sends its attempts, how many at once, how often to retry. */
export interface ExecuteOptions {
  /** Requests in flight over all targets. */
  concurrency: number;
  /** Aborting it interrupts the run: nothing new starts, in-flight attempts get `graceMs`. */
  signal?: AbortSignal;
  /** Default 5000. */
  graceMs?: number;
  /** Default 500 / 30000. */
  backoff?: Backoff;
  /** Asked when a job's turn comes, before it is sent: true leaves it unsent (skipped, like an interrupted one), e.g. a candidate already decided. */
  skip?: (job: Job) => boolean;
  /**
   * Asked before a job joins its target's queue: true keeps it (and the jobs after it) waiting
   * until `wake` is called, e.g. a job too far ahead of the cases a decision can look at yet.
   */
  hold?: {
    held(job: Job): boolean;
    onWake(wake: () => void): void;
    /** Nothing is sending, queued or backing off, and jobs are held: only a wake can go on. */
    idle(): void;
  };
}

export interface ExecuteResult {
  succeeded: number;
  failed: number;
  /** Jobs left for a later resume: interrupted before they started, while backing off, or aborted in flight. */
  skipped: number;
  interrupted: boolean;
  /** Per target. */
  limits: Record<string, TargetLimits>;
}

const DEFAULT_GRACE_MS = 5000;

/** The job was not finished and must not be reported (the caller redoes it on resume). */
const SKIPPED: unique symbol = Symbol('skipped');
/** The target was paused by a 429, or its pacer had no slot, while the attempt queued for a global slot. */
const PAUSED: unique symbol = Symbol('paused');
/** The target was stopped (see Lane.stopped): the job fails with the same error, unsent. */
const STOPPED: unique symbol = Symbol('stopped');

type AttemptStep = AttemptResult | typeof SKIPPED | typeof STOPPED;

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
  /** Retries sleeping out their backoff, in no queue: jobs still on their way. */
  private backingOff = 0;
  /** Jobs neither finished nor skipped yet; run() settles when none are left. */
  private unfinished = 0;
  private settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };

  constructor(
    lanes: Record<string, TargetLane>,
    private readonly hooks: ExecuteHooks,
    private readonly options: ExecuteOptions,
  ) {
    // rejectOnClear lets an interrupt drop thousands of queued jobs at once instead of draining them.
    this.global = pLimit({ concurrency: options.concurrency, rejectOnClear: true });
    for (const [name, spec] of Object.entries(lanes)) this.lanes.set(name, createLane(spec, this.sleeper));
    options.hold?.onWake(() => {
      for (const lane of this.lanes.values()) this.feed(lane);
    });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  async run(jobs: Job[]): Promise<ExecuteResult> {
    const { signal } = this.options;
    const onAbort = (): void => this.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) this.interrupt();
    try {
      const finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
      this.unfinished = jobs.length;
      if (jobs.length === 0) this.settle.resolve();
      // Jobs join their target's queue in the given order and only the limiters decide when one
      // starts; a target's queue is kept just longer than its slots, the rest wait in its backlog.
      for (const job of jobs) {
        const lane = this.lanes.get(job.target)!;
        lane.backlog.push(job);
        this.feed(lane);
      }
      if (this.stopping) this.stop();
      await finished;
      while (this.pendingHooks.size > 0) await Promise.all(this.pendingHooks);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(this.graceTimer);
    }
    if (this.hookFailure) throw this.hookFailure.error;
    const limits: Record<string, TargetLimits> = {};
    for (const [name, lane] of this.lanes) limits[name] = laneLimits(lane);
    return { succeeded: this.succeeded, failed: this.failed, skipped: this.skipped, interrupted: this.interrupted, limits };
  }

  /** Starts backlogged jobs while the target's queue holds fewer than its slots (its concurrency may grow back to that). */
  private feed(lane: Lane): void {
    if (!this.stopping) lane.backlog.feed(lane.limit, lane.spec.concurrency, (job) => this.start(lane, job), this.options.hold?.held);
  }

  private start(lane: Lane, job: Job): void {
    this.runJob(lane, job).then(
      () => this.settled(),
      (error: unknown) => this.settle.reject(error),
    );
  }

  /** A retry joins the line; under a hold it is fed at once, since with every other job held no attempt may leave a slot to feed it. */
  private requeue(lane: Lane, inSlot: () => AttemptStep | Promise<AttemptStep>): Promise<AttemptStep> {
    const queued = lane.backlog.requeue(lane.limit, inSlot, SKIPPED);
    if (this.options.hold) this.feed(lane);
    return queued;
  }

  /** A job finished or was skipped. */
  private settled(): void {
    if (--this.unfinished === 0) return this.settle.resolve();
    const hold = this.options.hold;
    if (
      hold &&
      !this.stopping &&
      this.backingOff === 0 &&
      [...this.lanes.values()].every((l) => l.limit.activeCount + l.limit.pendingCount === 0)
    )
      hold.idle();
  }

  private async runJob(lane: Lane, job: Job): Promise<void> {
    // Estimated once: every attempt of the job sends the same request.
    const tokens = lane.pacer ? (lane.spec.estimateTokens?.(job) ?? 0) : 0;
    // Resends after a param rewrite are requests (counted in attempts) but not retries.
    for (let attempt = 1, resends = 0; ; attempt++) {
      let result: AttemptStep;
      try {
        const inSlot = () => this.inLaneSlot(lane, job, attempt, tokens);
        // The first attempt was let into the queue in order by run() or feed().
        result = await (attempt === 1 ? lane.limit(inSlot) : this.requeue(lane, inSlot));
      } catch (error) {
        if (!this.stopping) throw error;
        result = SKIPPED; // the queue was cleared by an interrupt
      }
      // The attempt left its slot: the queue has room for the next one.
      this.feed(lane);
      if (result === SKIPPED) return this.skip();
      // Not sent this time: the cell keeps the error that stopped its target, and the requests it made before.
      if (result === STOPPED) return this.finish(job, { ...lane.stopped!, latencyMs: 0 }, attempt - 1);
      if (!result.ok && result.resend) {
        // The rewritten request is what the cell needs; after an interrupt a resume sends it.
        if (this.stopping) return this.skip();
        resends++;
        continue;
      }
      const retry = attempt - resends;
      if (result.ok) return this.finish(job, result, attempt);
      if (!shouldRetry(result, retry, lane.spec.maxRetries)) return this.finish(job, withRetryAfterNote(result), attempt);
      // A retryable failure is not a final answer: after an interrupt the job is redone on resume.
      if (this.stopping) return this.skip();
      const delay = retryDelay(retry, result, this.backoff);
      if (!this.callHook(() => this.hooks.onRetry?.(job, attempt, delay, retryReason(result)))) return this.skip();
      // Outside both slots: a job backing off must not keep another from sending.
      this.backingOff++;
      await this.sleeper.sleep(delay).finally(() => this.backingOff--);
      if (this.stopping) return this.skip();
    }
  }

  // Target slot first, then global slot: a job waiting for its busy target never holds a global
  // slot. Not async on purpose: on the common path (no pause) it adds no await of its own.
  private inLaneSlot(lane: Lane, job: Job, attempt: number, tokens: number): AttemptStep | Promise<AttemptStep> {
    if (this.stopping) return SKIPPED;
    if (attempt === 1 && this.options.skip?.(job)) return SKIPPED;
    if (lane.stopped) return STOPPED;
    const pause = lane.pause.wait();
    if (pause) return pause.then(() => this.inLaneSlot(lane, job, attempt, tokens));
    // Waiting for the pacer happens here, holding no global slot.
    const pace = lane.pacer?.delay(tokens) ?? 0;
    if (pace > 0) return this.sleeper.sleep(pace).then(() => this.inLaneSlot(lane, job, attempt, tokens));
    return this.global(() => this.inGlobalSlot(lane, job, attempt, tokens)).then((step) =>
      step === PAUSED ? this.inLaneSlot(lane, job, attempt, tokens) : step,
    );
  }

  private async inGlobalSlot(lane: Lane, job: Job, attempt: number, tokens: number): Promise<AttemptStep | typeof PAUSED> {
    if (this.stopping) return SKIPPED;
    // Asked again at the last moment: the answer may have changed while it queued for a global slot.
    if (attempt === 1 && this.options.skip?.(job)) return SKIPPED;
    if (lane.stopped) return STOPPED;
    // Give the global slot back to other targets while this one waits out its rate limit.
    if (lane.pause.isPaused()) return PAUSED;
    // Taken at the moment of sending: time spent queueing for the global slot cannot bunch requests up.
    let ticket: PaceTicket | undefined;
    if (lane.pacer && !(ticket = lane.pacer.take(tokens))) return PAUSED;
    if (attempt === 1 && !this.callHook(() => this.hooks.onJobStart?.(job))) return SKIPPED;
    const epoch = lane.adaptive.epoch;
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const result = await lane.spec.sender.send(job, controller.signal);
      // Extended before the slot is released, so the next queued job of this target already waits.
      if (!result.ok && pausesLane(result)) {
        lane.pause.extend(pauseDelay(attempt, result, this.backoff));
        lane.rateLimited++;
        lane.adaptive.rateLimited(epoch);
      } else if (result.ok) {
        lane.adaptive.succeeded();
        const used = result.usage?.totalTokens;
        if (ticket && typeof used === 'number') lane.pacer!.correct(ticket, used);
      }
      const ahead = pauseBeforeLimit(result.rateLimit, tokens);
      if (ahead > 0) lane.pause.extend(ahead);
      if (!result.ok && result.stopsTarget) lane.stopped ??= result;
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
    // The stored request must be the one that was sent, under its own hash.
    const sent = result.request ? { ...job, request: result.request, requestHash: hashRequest(result.request) } : job;
    if (!this.callHook(() => this.hooks.onJobEnd?.(sent, outcome))) return this.skip();
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
    // Backlogged jobs are skipped like queued ones; backlogged retries skip themselves.
    for (const lane of this.lanes.values()) lane.backlog.clear(() => (this.skip(), this.settled()));
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
