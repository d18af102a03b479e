import { StoreError } from '../errors.js';
import { formatUsd } from '../domain/prices.js';
import { upFrontRewrites } from '../plan/params-rewrites.js';
import { formatShard, type Shard } from '../plan/shard.js';
import type { Store } from '../store/open-store.js';
import { targetRow } from '../store/stored-target.js';
import type { RunRow } from '../store/types.js';
import { requireEnvironment } from '../suite/api-key.js';
import { displayPath } from '../suite/display-path.js';
import { secretValues, withoutSecrets } from '../suite/secret-values.js';
import type { EndpointTarget } from '../suite/types.js';
import { formatContextWarnings } from '../terminal/cost.js';
import type { Io } from '../terminal/io.js';
import { toolVersion } from '../version.js';
import { preflight } from './preflight.js';
import { prepareRun, type PreparedRun } from './prepare-run.js';

export const DEFAULT_CONCURRENCY = 32;

export interface StartOptions {
  new?: boolean;
  samples?: number;
  concurrency?: number;
  cache: boolean;
  shard?: Shard;
  batch?: boolean;
  /** Refuse to start when the estimate of what would be sent exceeds this many USD. */
  maxCost?: number;
  /** The seed of a run that stops early (kept with the run: a resume keeps its order, compare says it ran so). */
  stopEarlySeed?: number;
}

/** The prepared run as it was when this process took it, and the run it fills. */
export interface StartedRun extends PreparedRun {
  run: RunRow;
}

/**
 * Everything that can stop a run is checked before anything is sent or stored: another process
 * running it, settings missing from the environment (targets that send, the judge and the
 * embeddings model asked after the run), --max-cost. Then the run is created, or the unfinished
 * one claimed, in one transaction with the check that no live process owns it.
 */
export async function startRun(prepared: PreparedRun, store: Store, options: StartOptions, io: Io): Promise<StartedRun> {
  const { suite, names } = prepared;
  refuseLiveRun(prepared.resumable, store);
  const helpers = [suite.judge, suite.embeddings].filter((helper): helper is EndpointTarget => helper !== undefined);
  requireEnvironment([...prepared.sending.map((name) => suite.targets[name]!), ...helpers], io.env, 'cannot start');
  const checked = await preflight(prepared, store, options.maxCost);
  if (checked.contextWarnings.length > 0) io.err(formatContextWarnings(checked.contextWarnings));
  if (checked.estimate)
    io.err(`estimated cost of what will be sent: ${formatUsd(checked.estimate.totalUsd)} (--max-cost ${formatUsd(options.maxCost!)})`);
  if (!prepared.resumable && !options.new) noteEditedSuite(store.latestRun({ kind: 'run' }), suite, io);

  const runOptions = {
    targets: names,
    samples: options.samples ?? null,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    cache: options.cache,
    ...(options.shard && { shard: options.shard }),
    ...(options.batch && { batch: true }),
    ...(options.stopEarlySeed !== undefined && { stopEarly: { seed: options.stopEarlySeed } }),
  };
  const targets = names.map((name) => targetRow(suite, suite.targets[name]!, prepared.recordings[name]?.sha256));
  // Another process may have created, claimed or finished this suite's run since this one planned
  // (it was counting tokens meanwhile). So under the write lock, the plan is made again from what
  // is stored now, and the run is refused, claimed or created on that: two processes started at
  // once cannot both create a run, nor send what the other one stored. The fresh plan sends at
  // most what the checked one would have (cells only get done and cached), so the checks above hold.
  const started = store.exclusive((): StartedRun => {
    const fresh = prepareRun(suite, prepared, store, options);
    refuseLiveRun(fresh.resumable, store);
    const run = fresh.resumable
      ? store.claimRun(fresh.resumable.id, fresh.cells.length, runOptions, targets)
      : store.createRun({
          suite: withoutSecrets(suite, secretValues(suite, io.env)),
          kind: 'run',
          targets,
          options: runOptions,
          totalCells: fresh.cells.length,
          toolVersion: toolVersion(),
        });
    store.linkCells(run.id, fresh.plan.reuse);
    for (const [name, rewrites] of Object.entries(upFrontRewrites(suite, names, fresh.learned)))
      store.saveParamRewrites(run.id, name, rewrites);
    return { ...fresh, run };
  });
  const { run, plan, cells, resumable } = started;
  io.err(
    `${resumable ? 'resuming' : 'starting'} run ${run.id} of ${suite.name} (${displayPath(suite.path)})` +
      `${options.shard ? `, shard ${formatShard(options.shard)}` : ''}: ` +
      `${cells.length} cells, ${plan.jobs.length} to send, ${plan.reuse.length} reused from earlier runs` +
      (plan.done ? `, ${plan.done} already done` : ''),
  );
  return started;
}

/** A run another live process owns (pid and host recorded on it) is not taken over; --new starts a separate one. */
function refuseLiveRun(run: RunRow | undefined, store: Store): void {
  if (!run || !store.isRunLive(run)) return;
  throw new StoreError(
    'STORE_BUSY',
    `run ${run.id} of this suite is in progress in process ${run.pid} on ${run.host}; wait for it, or start a separate run with --new`,
  );
}

/** A run of this suite that stopped short is not resumed once the suite changed: say so, once. */
function noteEditedSuite(latest: RunRow | undefined, suite: { name: string; hash: string }, io: Io): void {
  if (!latest || latest.suiteName !== suite.name || latest.suiteHash === suite.hash) return;
  if (latest.status !== 'interrupted' && latest.status !== 'incomplete') return;
  io.err(
    `note: run ${latest.id} of ${suite.name} stopped ${latest.status} with an earlier version of the suite; this version starts a new run, reusing the stored outputs of identical requests`,
  );
}
