// What changed since an earlier comparison (pinned compare --since RUN / --since-db PATH), and the
// trend of the suite's recent runs that the HTML report draws.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { changesSince, type Since } from '../compare/since.js';
import type { Comparison } from '../compare/types.js';
import { targetCost } from '../domain/target-cost.js';
import { UsageError } from '../errors.js';
import type { HistoryPoint } from '../report/report-data.js';
import { openStore, type Store } from '../store/open-store.js';
import { displayPath } from '../suite/display-path.js';

export interface SinceOption {
  /** A run id: of this database, or of `db`. */
  run?: number;
  /** Another database, e.g. main's cached one: its run `run`, else its latest compared run of this suite. */
  db?: string;
}

/** The changes since the earlier comparison the option names; throws a usage error when it names none. */
export function sinceComparison(store: Store, suiteName: string, currentRun: number, current: Comparison, option: SinceOption): Since {
  // The database being compared, named by --since-db (its path from another folder, say), is this one: an earlier run of it.
  const same = option.db !== undefined && existsSync(option.db) && sameFile(option.db, store.path);
  const other = option.db && !same ? openOther(option.db) : undefined;
  try {
    const source = other ?? store;
    const where = other ? ` of ${displayPath(resolve(option.db!))}` : '';
    const runId = option.run ?? source.comparedRuns(suiteName, 2).find((id) => other || id !== currentRun);
    if (runId === undefined)
      throw new UsageError(
        `--since-db ${option.db}: it holds no compared run of suite '${suiteName}'`,
        'compare a run there first (pinned compare --db PATH)',
      );
    if (!other && runId === currentRun) throw new UsageError(`--since ${runId} is the run being compared: name an earlier run`);
    const previous = source.latestComparison(runId);
    if (!previous) {
      if (!source.getRun(runId)) throw new UsageError(`--since ${runId}: no such run${where}`, 'pinned runs lists the runs');
      throw new UsageError(`--since ${runId}: run ${runId}${where} has no stored comparison`, `compare it first: pinned compare ${runId}`);
    }
    return changesSince(previous, current, { label: `run ${runId}${where}`, runId });
  } finally {
    other?.close();
  }
}

function sameFile(a: string, b: string): boolean {
  const [x, y] = [statSync(a), statSync(b, { throwIfNoEntry: false })];
  return y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

function openOther(path: string): Store {
  if (!existsSync(path))
    throw new UsageError(
      `--since-db ${path}: no such database`,
      "give the path of a pinned database (e.g. main's cached .pinned/pinned.db)",
    );
  return openStore(path, { mode: 'read', command: 'compare --since-db' });
}

/** The suite's recent compared runs up to this one, oldest first: each candidate's decision, agreement, regressions, cost and p95 latency. */
export function suiteHistory(store: Store, suiteName: string, upTo: number, limit = 10): HistoryPoint[] {
  const runs = store
    .comparedRuns(suiteName, 200)
    .filter((id) => id <= upTo)
    .slice(0, limit)
    .reverse();
  return runs.flatMap((runId) => {
    const summary = store.comparisonSummary(runId);
    const run = store.getRun(runId);
    if (!summary || !run) return [];
    const targets = store.runTargets(runId);
    const figures = (name: string) => {
      const mine = store.readTargetOutcomes(runId, name);
      const latencies = mine
        .filter((cell) => cell.status === 'ok' && cell.response?.latencyMs != null)
        .map((cell) => cell.response!.latencyMs!)
        .sort((a, b) => a - b);
      const cost = targetCost(
        targets.find((t) => t.name === name),
        mine,
      );
      return {
        costUsd: cost.costUsd,
        latencyP95: latencies.length ? latencies[Math.max(0, Math.ceil(0.95 * latencies.length) - 1)]! : null,
      };
    };
    return [
      {
        runId,
        startedAt: run.startedAt,
        baseline: figures(summary.baseline.target),
        candidates: summary.decisions.map((d) => ({
          candidate: d.candidate,
          decision: d.decision,
          equivalence: d.evidenceCases === 0 ? null : d.equivalence.rate,
          regressed: d.counts.regressed,
          ...figures(d.candidate),
        })),
      },
    ];
  });
}
