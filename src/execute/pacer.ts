export interface PacerLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute. */
  tpm?: number;
}

/** One request the pacer let through; its token count is corrected once usage is known. */
export interface PaceTicket {
  at: number;
  tokens: number;
}

// A request spaced exactly a second after the one it replaces in the window can reach the
// provider a hair early (network jitter, clocks in whole milliseconds) and land in the same
// window there: the window pinned keeps is a little longer than a second.
const WINDOW_MS = 1000 + 20;

/**
 * Paces one target's requests to its rpm/tpm. Providers enforce limits in short windows, so a
 * minute's allowance is never spent in a burst: requests are spaced evenly (60000/rpm ms apart,
 * and a request's tokens hold the next one back for tokens * 60000/tpm ms), and no 1-second
 * window holds more than ceil(rpm/60) requests or ceil(tpm/60) tokens.
 *
 * Written here rather than taken from p-throttle or bottleneck: the executor must check and take
 * a slot at the moment it sends (after waiting for its lane and global slots, which the pacer
 * does not own), and token estimates must be corrected after the fact from reported usage;
 * neither library offers both.
 */
export class Pacer {
  private readonly requestCap: number;
  private readonly tokenCap: number;
  private readonly requestGapMs: number;
  private readonly msPerToken: number;
  private readonly sent: PaceTicket[] = [];
  private nextRequestAt = 0;
  private nextTokenAt = 0;

  constructor(
    limits: PacerLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.requestCap = limits.rpm ? Math.ceil(limits.rpm / 60) : Infinity;
    this.tokenCap = limits.tpm ? Math.ceil(limits.tpm / 60) : Infinity;
    this.requestGapMs = limits.rpm ? 60_000 / limits.rpm : 0;
    this.msPerToken = limits.tpm ? 60_000 / limits.tpm : 0;
  }

  /** Milliseconds until a request estimated at `tokens` may go; 0 when it may go now. */
  delay(tokens: number): number {
    const now = this.now();
    this.expire(now);
    let wait = Math.max(0, this.nextRequestAt - now, this.nextTokenAt - now);
    // Oldest first: find how many of the window's requests must age out before this one fits.
    let count = this.sent.length;
    let used = this.sent.reduce((sum, ticket) => sum + ticket.tokens, 0);
    for (const ticket of this.sent) {
      // A request larger than the whole per-second budget goes alone, or it would never go.
      const fits = count + 1 <= this.requestCap && (used + tokens <= this.tokenCap || count === 0);
      if (fits) break;
      count--;
      used -= ticket.tokens;
      wait = Math.max(wait, ticket.at + WINDOW_MS - now);
    }
    return Math.ceil(wait);
  }

  /** Takes a slot now, or returns undefined when the request must wait (see delay). */
  take(tokens: number): PaceTicket | undefined {
    if (this.delay(tokens) > 0) return undefined;
    const now = this.now();
    const ticket = { at: now, tokens };
    this.sent.push(ticket);
    this.nextRequestAt = Math.max(this.nextRequestAt, now) + this.requestGapMs;
    this.nextTokenAt = Math.max(this.nextTokenAt, now) + tokens * this.msPerToken;
    return ticket;
  }

  /** The provider reported what the request really took: the window and the spacing follow it. */
  correct(ticket: PaceTicket, tokens: number): void {
    const difference = tokens - ticket.tokens;
    ticket.tokens = tokens;
    this.nextTokenAt = Math.max(0, this.nextTokenAt + difference * this.msPerToken);
  }

  private expire(now: number): void {
    while (this.sent.length > 0 && this.sent[0]!.at + WINDOW_MS <= now) this.sent.shift();
  }
}
