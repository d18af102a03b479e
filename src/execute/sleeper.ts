/**
 * Sleeps that an interrupt can cut short: backoff waits and rate-limit pauses must not keep an
 * interrupted run alive, so `wakeAll` resolves every pending sleep at once and clears its timer.
 */
export class Sleeper {
  private readonly pending = new Map<ReturnType<typeof setTimeout>, () => void>();
  private woken = false;

  /** True once `wakeAll` was called. */
  get awake(): boolean {
    return this.woken;
  }

  sleep(ms: number): Promise<void> {
    if (this.woken || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Resolves every pending sleep now; later sleeps resolve immediately. */
  wakeAll(): void {
    this.woken = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}

/**
 * A target's rate-limit pause. Every attempt of the target waits for it before sending, and all
 * waiters share one timer, so a 429 during a 20,000-job run costs one timer, not one per job.
 */
export class LanePause {
  private until = 0;
  private waiting: Promise<void> | undefined;
  /** When the shared wait began (while one runs), and the time waited in those that ended. */
  private waitingSince: number | undefined;
  private waited = 0;

  constructor(private readonly sleeper: Sleeper) {}

  /** Extends the pause to at least `ms` from now. */
  extend(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  /**
   * Milliseconds the target's requests actually waited for pauses so far: a pause nothing waited
   * for (the target had no request left, the run ended or was interrupted first) counts only as
   * far as it was waited. Waiters share one wait, so overlapping pauses count once.
   */
  get pausedMs(): number {
    return this.waited + (this.waitingSince === undefined ? 0 : Date.now() - this.waitingSince);
  }

  isPaused(): boolean {
    return Date.now() < this.until;
  }

  /** Undefined when the lane is not paused, so the common path costs no await. */
  wait(): Promise<void> | undefined {
    if (!this.isPaused()) return undefined;
    this.waiting ??= this.sleepUntilOver().finally(() => {
      this.waiting = undefined;
    });
    return this.waiting;
  }

  private async sleepUntilOver(): Promise<void> {
    this.waitingSince = Date.now();
    try {
      // Another 429 can extend the pause while we sleep; keep sleeping until it is really over.
      for (let left = this.until - Date.now(); left > 0 && !this.sleeper.awake; left = this.until - Date.now()) {
        await this.sleeper.sleep(left);
      }
    } finally {
      this.waited += Date.now() - this.waitingSince;
      this.waitingSince = undefined;
    }
  }
}
