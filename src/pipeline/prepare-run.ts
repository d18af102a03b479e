import type { ParamRewrite } from '../domain/params-compat.js';
import { batchTargets } from '../execute/batch-lanes.js';
import { readRecordings, recordingHashes } from '../execute/lanes.js';
import type { Recording } from '../execute/recording.js';
import { expandCells } from '../plan/expand-cells.js';
import { learnedRewrites } from '../plan/params-rewrites.js';
import { planRun, type Plan } from '../plan/plan-run.js';
import { selectTargets } from '../plan/select-targets.js';
import { cellsOfShard, type Shard } from '../plan/shard.js';
import type { Cell } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { RunRow } from '../store/types.js';
import type { Suite } from '../suite/types.js';

/** The flags that choose which cells a run fills; `pinned estimate` takes the same. */
export interface PlanOptions {
  only?: string[];
  samples?: number;
  /** Start a new run instead of continuing the latest unfinished one. */
  new?: boolean;
  /** Reuse stored outputs of identical requests. */
  cache: boolean;
  shard?: Shard;
  /** Every endpoint target through the Batch API (as `batch: true` on each). */
  batch?: boolean;
}

/** The targets taking part, baseline first, and the recordings of those that replay one. */
export interface Lineup {
  names: string[];
  recordings: Record<string, Recording>;
}

export interface PreparedRun extends Lineup {
  suite: Suite;
  cells: Cell[];
  /** The latest unfinished run of this suite version, which this run continues. */
  resumable: RunRow | undefined;
  plan: Plan;
  /** Targets with requests to send, and which of them go through the Batch API. */
  sending: string[];
  batched: Set<string>;
  /** Params this model and endpoint rejected in earlier runs (params_compat: auto). */
  learned: Record<string, ParamRewrite[]>;
}

/** Reads recordings before any database is touched, so a bad recording file stops a run early. */
export async function chooseLineup(suite: Suite, only: string[] | undefined): Promise<Lineup> {
  const names = selectTargets(suite, only);
  return { names, recordings: await readRecordings(suite, names) };
}

/**
 * Which cells a run fills and which of them it must send: shared by `pinned run` and `pinned
 * estimate`, so an estimate prices exactly what the run sends. Without a store nothing is done
 * or cached yet.
 */
export function prepareRun(suite: Suite, lineup: Lineup, store: Store | undefined, options: PlanOptions): PreparedRun {
  const { names, recordings } = lineup;
  const learned = store ? learnedRewrites(suite, names, (model, baseUrl) => store.learnedParamRewrites(model, baseUrl)) : {};
  // Params the same model and endpoint rejected before are rewritten up front, so the run plans the request it will send.
  const rejected = Object.fromEntries(Object.entries(learned).map(([name, rewrites]) => [name, rewrites.map((r) => r.param)]));
  const all = expandCells(suite, {
    targets: names,
    samples: options.samples,
    recordings: recordingHashes(recordings),
    learnedRewrites: rejected,
  });
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
  const sending = [...new Set(plan.jobs.map((job) => job.target))];
  return { suite, ...lineup, cells, resumable, plan, sending, batched: batchTargets(suite, names, options.batch), learned };
}

function sameShard(stored: unknown, wanted: Shard | undefined): boolean {
  const shard = stored as Shard | undefined;
  return shard?.index === wanted?.index && shard?.count === wanted?.count;
}
