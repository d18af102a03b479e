import type { Database } from 'better-sqlite3';
import type { TargetLimits } from '../domain/limits.js';

interface LimitRecord {
  target: string;
  rate_limited: number;
  paused_ms: number;
  concurrency: number;
  lowest_concurrency: number;
}

/** How the rate limits bit each target of a run; a resumed run adds to what earlier invocations saw. */
export function runLimitQueries(db: Database) {
  const upsert = db.prepare(
    `INSERT INTO run_limits (run_id, target, rate_limited, paused_ms, concurrency, lowest_concurrency)
     VALUES (@runId, @target, @rateLimited, @pausedMs, @concurrency, @lowestConcurrency)
     ON CONFLICT (run_id, target) DO UPDATE SET
       rate_limited = rate_limited + excluded.rate_limited,
       paused_ms = paused_ms + excluded.paused_ms,
       concurrency = excluded.concurrency,
       lowest_concurrency = MIN(lowest_concurrency, excluded.lowest_concurrency)`,
  );
  const select = db.prepare<[number], LimitRecord>(
    'SELECT target, rate_limited, paused_ms, concurrency, lowest_concurrency FROM run_limits WHERE run_id = ? ORDER BY target',
  );
  const save = db.transaction((runId: number, limits: Record<string, TargetLimits>) => {
    for (const [target, l] of Object.entries(limits)) upsert.run({ runId, target, ...l });
  });
  return {
    /** Only targets the limits bit are kept: a quiet run stores nothing. */
    saveRunLimits(runId: number, limits: Record<string, TargetLimits>): void {
      const bit = Object.fromEntries(
        Object.entries(limits).filter(([, l]) => l.rateLimited > 0 || l.pausedMs > 0 || l.lowestConcurrency < l.concurrency),
      );
      if (Object.keys(bit).length > 0) save(runId, bit);
    },
    runLimits(runId: number): Record<string, TargetLimits> {
      const byTarget: Record<string, TargetLimits> = {};
      for (const row of select.iterate(runId)) {
        byTarget[row.target] = {
          rateLimited: row.rate_limited,
          pausedMs: row.paused_ms,
          concurrency: row.concurrency,
          lowestConcurrency: row.lowest_concurrency,
        };
      }
      return byTarget;
    },
  };
}
