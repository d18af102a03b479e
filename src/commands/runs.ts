import { EXIT } from '../exit-codes.js';
import { existsSync } from 'node:fs';
import { formatShard, type Shard } from '../plan/shard.js';
import { openStore, type Store } from '../store/open-store.js';
import type { Decision } from '../compare/types.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';
import { formatUsd } from '../domain/prices.js';
import { targetCost } from '../domain/target-cost.js';
import { displayPath } from '../suite/display-path.js';
import { formatTable } from '../terminal/table.js';
import { formatDuration } from '../domain/format.js';
import { resolveDbPath } from '../store/db-path.js';
import type { Io } from '../terminal/io.js';

interface ListedDecision {
  candidate: string;
  decision: Decision;
  /** The run stopped sending this candidate early, after this many cases (--stop-early). */
  stoppedEarlyAfter?: number;
}

/** The latest comparison's decision per candidate, and what the run's outputs cost (null when a price or usage is unknown). */
function outcome(store: Store, runId: number): { decisions: ListedDecision[]; costUsd: number | null } {
  const summary = store.comparisonSummary(runId);
  const decisions = (summary?.decisions ?? []).map((d) => ({
    candidate: d.candidate,
    decision: d.decision,
    ...(d.stoppedEarly && { stoppedEarlyAfter: d.stoppedEarly.cases }),
  }));
  // What costing reads of each target's cells, not the cells: a list of big runs reads no outputs.
  let costUsd: number | null = 0;
  for (const target of store.runTargets(runId)) {
    const mine = store.readTargetOutcomes(runId, target.name);
    if (!mine.some((cell) => cell.status === 'ok')) continue;
    const cost = targetCost(target, mine).costUsd;
    costUsd = cost === null || costUsd === null ? null : costUsd + cost;
  }
  return { decisions, costUsd };
}

export function listRuns(options: { db?: string; json?: boolean }, io: Io): number {
  const path = resolveDbPath(options.db, io.env);
  // Listing creates nothing: a mistyped --db must not leave an empty database behind.
  if (!existsSync(path)) {
    if (options.json) io.out('[]');
    else io.out(`no runs yet: no database at ${displayPath(path)}`);
    return EXIT.ok;
  }
  const store = openStore(path, { mode: 'read', command: 'runs' });
  try {
    const runs = store.listRuns().map((summary) => ({ ...summary, ...outcome(store, summary.run.id) }));
    if (options.json) {
      io.out(JSON.stringify(runs, null, 2));
      return EXIT.ok;
    }
    if (runs.length === 0) {
      io.out(`no runs yet in ${store.path}`);
      return EXIT.ok;
    }
    const rows = runs.map(({ run, counts, decisions, costUsd }) => [
      run.id,
      run.suiteName,
      // A shard run holds part of the cases: say which part, since it is merged rather than compared.
      run.options.shard ? `shard ${formatShard(run.options.shard as Shard)}` : run.kind,
      run.status,
      `${counts.ok}/${run.totalCells}`,
      counts.error,
      counts.missing,
      run.startedAt.replace('T', ' ').slice(0, 19),
      run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '-',
      costUsd === null ? (counts.ok ? '?' : '-') : formatUsd(costUsd),
      decisions.length ? shown(decisions.map(listed).join(', ')) : '-',
    ]);
    io.out(
      formatTable(
        ['run', 'suite', 'kind', 'status', 'done', 'errors', 'missing', 'started (UTC)', 'took', 'cost', 'decisions (latest comparison)'],
        rows,
      ),
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function listed(d: ListedDecision): string {
  return `${d.candidate} ${d.decision}${d.stoppedEarlyAfter === undefined ? '' : ` (stopped early after ${d.stoppedEarlyAfter})`}`;
}
