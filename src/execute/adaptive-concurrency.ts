/** The part of a p-limit limiter this needs: p-limit 7 lets `concurrency` be changed live. */
interface Adjustable {
  concurrency: number;
}

/**
 * AIMD for one target's requests in flight: a 429 halves them, and each run of successes as
 * long as the current limit adds one back, up to what the suite set. Attempts that were already
 * in flight when the limit dropped carry the old epoch: their 429s belong to the same burst
 * and do not halve it again.
 */
export class AdaptiveConcurrency {
  private epochCount = 0;
  private successes = 0;
  private lowestSeen: number;

  constructor(
    private readonly limit: Adjustable,
    private readonly max: number,
  ) {
    this.lowestSeen = max;
  }

  /** Taken when an attempt is sent, handed back with its outcome. */
  get epoch(): number {
    return this.epochCount;
  }

  get current(): number {
    return this.limit.concurrency;
  }

  get lowest(): number {
    return this.lowestSeen;
  }

  rateLimited(sentInEpoch: number): void {
    this.successes = 0;
    if (sentInEpoch < this.epochCount) return;
    this.epochCount++;
    const next = Math.max(1, Math.floor(this.limit.concurrency / 2));
    if (next === this.limit.concurrency) return;
    this.limit.concurrency = next;
    this.lowestSeen = Math.min(this.lowestSeen, next);
  }

  succeeded(): void {
    if (this.limit.concurrency >= this.max) return;
    if (++this.successes < this.limit.concurrency) return;
    this.successes = 0;
    this.limit.concurrency++;
  }
}
