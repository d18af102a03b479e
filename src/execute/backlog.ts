import type { LimitFunction } from 'p-limit';
import type { Job } from '../plan/types.js';

/** A retry or resend waiting for its turn: called with true when the run stops before it. */
type WaitingRetry = (skip: boolean) => void;

/**
 * A target's jobs that have not joined its limiter's queue yet, and the retries that woke up
 * behind them. With that queue it makes one first-in first-out line, as if every job had been
 * queued at once, but a job waiting here is a reference, not a queued promise with its closures
 * and suspended async function (about 1.5 KB each: 15 MB of live heap for 10,000 jobs, which
 * the heap then grows to a multiple of).
 */
export class Backlog {
  private entries: Array<Job | WaitingRetry | undefined> = [];
  private head = 0;
  /** Retries among the entries: a held line is searched for one only when there is one. */
  private retries = 0;

  get size(): number {
    return this.entries.length - this.head;
  }

  push(job: Job): void {
    this.entries.push(job);
  }

  /**
   * Moves jobs and retries into `limit`'s queue, in order, until it holds `ahead` waiting ones. A
   * job `held` says must wait stops the line there, but for the retries behind it: they finish
   * what came before it, which is what a hold waits for (the caller feeds again when it lifts).
   */
  feed(limit: LimitFunction, ahead: number, start: (job: Job) => void, held?: (job: Job) => boolean): void {
    while (this.size > 0 && limit.pendingCount < ahead) {
      const next = this.entries[this.head]!;
      if (held && typeof next !== 'function' && held(next)) {
        if (this.retries === 0) return;
        let retry = this.head + 1;
        while (typeof this.entries[retry] !== 'function') retry++;
        this.retries--;
        (this.entries.splice(retry, 1)[0] as WaitingRetry)(false);
        continue;
      }
      const entry = this.shift()!;
      if (typeof entry === 'function') entry(false);
      else start(entry);
    }
  }

  /** A retry or resend queues behind every job still here, as it would behind queued jobs. */
  requeue<T>(limit: LimitFunction, inSlot: () => T | Promise<T>, skipped: T): Promise<T> {
    if (this.size === 0) return limit(inSlot);
    this.retries++;
    return new Promise((resolve) => this.entries.push((skip) => resolve(skip ? skipped : limit(inSlot))));
  }

  /** Empties it when the run stops: each job is handed to `skip`, each retry told to skip. */
  clear(skip: () => void): void {
    for (let entry = this.shift(); entry !== undefined; entry = this.shift()) {
      if (typeof entry === 'function') entry(true);
      else skip();
    }
  }

  private shift(): Job | WaitingRetry | undefined {
    if (this.head === this.entries.length) return undefined;
    const entry = this.entries[this.head];
    if (typeof entry === 'function') this.retries--;
    this.entries[this.head++] = undefined;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
}
