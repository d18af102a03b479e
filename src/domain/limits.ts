// How a provider's rate limits bit one target: counted by execute/, kept with the run by store/,
// shown by the run summary and the reports.

/** How a provider's rate limits bit one target over a run. */
export interface TargetLimits {
  /** 429 answers seen. */
  rateLimited: number;
  /** Time the target was held by 429s and by x-ratelimit headers saying the window was spent. */
  pausedMs: number;
  /** The concurrency the suite set, and the lowest the 429s brought it to. */
  concurrency: number;
  lowestConcurrency: number;
}
