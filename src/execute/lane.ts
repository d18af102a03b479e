import pLimit, { type LimitFunction } from 'p-limit';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { Backlog } from './backlog.js';
import type { TargetLane, AttemptResult } from './types.js';
import type { TargetLimits } from '../domain/limits.js';
import { Pacer } from './pacer.js';
import { LanePause, type Sleeper } from './sleeper.js';

type FailedAttempt = Extract<AttemptResult, { ok: false }>;

export interface Lane {
  spec: TargetLane;
  limit: LimitFunction;
  pause: LanePause;
  adaptive: AdaptiveConcurrency;
  pacer: Pacer | undefined;
  /** The failure that stopped the target: no later job of it can succeed. */
  stopped: FailedAttempt | undefined;
  rateLimited: number;
  /** Jobs and retries waiting to join `limit`'s queue, in order. */
  backlog: Backlog;
}

/** A target's limiter (rejectOnClear: an interrupt drops its queue at once), pause, AIMD and pacer. */
export function createLane(spec: TargetLane, sleeper: Sleeper): Lane {
  const limit = pLimit({ concurrency: spec.concurrency, rejectOnClear: true });
  return {
    spec,
    limit,
    pause: new LanePause(sleeper),
    adaptive: new AdaptiveConcurrency(limit, spec.concurrency),
    pacer: spec.rpm || spec.tpm ? new Pacer({ ...(spec.rpm && { rpm: spec.rpm }), ...(spec.tpm && { tpm: spec.tpm }) }) : undefined,
    stopped: undefined,
    rateLimited: 0,
    backlog: new Backlog(),
  };
}

export function laneLimits(lane: Lane): TargetLimits {
  return {
    rateLimited: lane.rateLimited,
    pausedMs: lane.pause.pausedMs,
    concurrency: lane.spec.concurrency,
    lowestConcurrency: lane.adaptive.lowest,
  };
}
