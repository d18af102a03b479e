import type { Recording } from '../execute/recording.js';
import { expandCells } from '../plan/expand-cells.js';
import { planRun, type Plan } from '../plan/plan-run.js';
import type { ParamRewrite } from '../plan/params-compat.js';
import { cellsOfShard, type Shard } from '../plan/shard.js';
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
  options: { samples?: number; new?: boolean; cache: boolean; shard?: Shard; learnedRewrites?: Record<string, ParamRewrite[]> },
): PlannedCells {
  // Params the same model and endpoint rejected in earlier runs are rewritten up front (params_compat: auto).
  const learned = Object.fromEntries(Object.entries(options.learnedRewrites ?? {}).map(([name, rewrites]) => [name, rewrites.map((r) => r.param)]));
  const all = expandCells(suite, { targets: names, samples: options.samples, recordings: recordingHashes(recordings), learnedRewrites: learned });
  const cells = options.shard ? cellsOfShard(all, options.shard) : all;
  const latest = options.new ? undefined : store?.findResumableRun(suite.hash);
  // A shard resumes only itself: shards written to one database must not pick up each other's runs.
  const resumable = latest && sameShard(latest.options.shard, options.shard) ? latest : undefined;
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

function sameShard(stored: unknown, wanted: Shard | undefined): boolean {
  const shard = stored as Shard | undefined;
  return shard?.index === wanted?.index && shard?.count === wanted?.count;
}
