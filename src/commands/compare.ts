import { gateExitCode } from '../exit-codes.js';
import { compareStoredRun, type CompareStep } from '../pipeline/compare-stored-run.js';
import { chosenRun } from '../store/choose-run.js';
import { openExistingStore } from '../store/db-path.js';
import { canWrite } from '../store/open-database.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';

export interface CompareOptions extends CompareStep {
  run?: number;
  db?: string;
}

/**
 * `pinned compare`: compares a stored run again and exits with the gate's code. The comparison is
 * kept in the database; when the file (or its folder) cannot be written, the run is compared from
 * local evidence and printed, and nothing is kept.
 */
export async function compareCommand(options: CompareOptions, io: Io): Promise<number> {
  const store = openExistingStore(options.db, io.env, (path) =>
    canWrite(path) ? { mode: 'write' } : { mode: 'read', command: 'compare' },
  );
  try {
    if (store.readonly)
      io.err(
        `note: ${displayPath(store.path)} cannot be written: comparing from local evidence only (no judge or embeddings model is asked, since their answers could not be kept); the comparison was not stored`,
      );
    const { comparison } = await compareStoredRun(store, chosenRun(store, options.run), options, io);
    return gateExitCode(comparison);
  } finally {
    store.close();
  }
}
