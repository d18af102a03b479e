import { UsageError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import type { Store } from './open-store.js';

/** The run asked for, else the latest run or merge of a suite (imports hold one target: nothing to compare). */
export function chosenRun(store: Store, run: number | undefined): number {
  // A merged run of shards compares like the run it stands for.
  const latest = Math.max(store.latestRun({ kind: 'run' })?.id ?? 0, store.latestRun({ kind: 'merge' })?.id ?? 0);
  const runId = run ?? (latest || undefined);
  if (runId === undefined) throw new UsageError(`there are no runs in ${store.path}`, 'run a suite first: pinned run <suite>');
  requireRun(store, runId, `run ${runId}`);
  return runId;
}

/** A run id the user typed that the database does not hold: say which runs it does hold. */
export function requireRun(store: Store, runId: number, asked: string): void {
  if (store.getRun(runId)) return;
  const latest = store.listRuns()[0]?.run.id;
  const where = displayPath(store.path);
  throw new UsageError(
    `${asked}: no such run in ${where} (${latest === undefined ? 'it has no runs' : `its latest run is ${latest}`})`,
    `pinned runs --db ${where} lists its runs`,
  );
}
