import { gateExitCode } from '../exit-codes.js';
import { compareStoredRun, type CompareStep } from '../pipeline/compare-stored-run.js';
import { chosenRun } from '../store/choose-run.js';
import { openExistingStore } from '../store/db-path.js';
import type { Io } from '../terminal/io.js';

export interface CompareOptions extends CompareStep {
  run?: number;
  db?: string;
}

/** `pinned compare`: compares a stored run again and exits with the gate's code. */
export async function compareCommand(options: CompareOptions, io: Io): Promise<number> {
  const store = openExistingStore(options.db, io.env);
  try {
    const { comparison } = await compareStoredRun(store, chosenRun(store, options.run), options, io);
    return gateExitCode(comparison);
  } finally {
    store.close();
  }
}
