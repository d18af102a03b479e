import type { Recording } from '../execute/recording.js';
import { expandCells } from '../plan/expand-cells.js';
import { planRun, type Plan } from '../plan/plan-run.js';
import type { Cell } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { RunRow } from '../store/types.js';
import type { Suite } from '../suite/types.js';
import { recordingHashes } from './lanes.js';

export interface PlannedCells {
  cells: Cell[];
  /** The latest unfinished run of this suite version, which a run would continue. */
  resumable: RunRow | undefined;
  plan: Plan;
}

/**
 * Which cells a run would send, as `pinned run` decides it: shared with `pinned estimate` so an
 * estimate prices exactly what the run would send. Without a store nothing is done or cached.
 */
export function planCells(
  suite: Suite,
  store: Store | undefined,
  names: string[],
  recordings: Record<string, Recording>,
  options: { samples?: number; new?: boolean; cache: boolean },
): PlannedCells {
  const cells = expandCells(suite, { targets: names, samples: options.samples, recordings: recordingHashes(recordings) });
  const resumable = options.new ? undefined : store?.findResumableRun(suite.hash);
  const plan = planRun(
    cells,
    {
      finished: resumable && store ? store.finishedCells(resumable.id) : new Set(),
      cached: options.cache && store ? store.cachedResponses(cells) : new Map(),
    },
    { cache: options.cache },
  );
  return { cells, resumable, plan };
}
