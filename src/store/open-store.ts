import type { Outcome, Success } from '../domain/outcome.js';
import type { Cell, RequestSpec } from '../plan/types.js';
import type { Suite } from '../suite/types.js';
import type { SubmittedBatch } from '../domain/submitted-batch.js';
import { batchQueries } from './batches.js';
import { cellQueries } from './cells.js';
import { reserveSpace, withEnvironmentErrors, type SpaceReserve } from './environment-errors.js';
import { openDatabase, type Access } from './open-database.js';
import { readRunQueries, type TargetOutcome } from './read-run.js';
import { comparisonQueries } from './comparisons.js';
import { earlyDecisionQueries } from './early-decisions.js';
import { historyQueries } from './history.js';
import { paramRewriteQueries } from './param-rewrites.js';
import { runLimitQueries } from './run-limits.js';
import type { ParamRewrite } from '../domain/params-compat.js';
import type { Comparison } from '../compare/types.js';
import { mergeQueries, type MergeInput } from './merge-runs.js';
import { runQueries, type CreateRunInput } from './runs.js';
import { suiteQueries } from './suites.js';
import type { ResponseRow, RunCells, RunCounts, RunData, RunKind, RunRow, RunStatus, RunSummary, RunTargetRow } from './types.js';
import type { TargetLimits } from '../domain/limits.js';
import type { StoredVerification } from '../domain/verification.js';
import { verificationQueries, type VerificationInput, type VerifyRunKey } from './verifications.js';

/** One handle on the project database, opened once per command and passed to the stages. */
export interface Store extends ReturnType<typeof earlyDecisionQueries> {
  readonly path: string;
  /** Opened to read only (never migrated): anything that writes fails. */
  readonly readonly: boolean;
  close(): void;
  /**
   * Runs `fn` in one transaction under the database's write lock (BEGIN IMMEDIATE): nothing it
   * reads can change before what it writes is committed, whichever process writes next.
   */
  exclusive<T>(fn: () => T): T;
  /** Keeps some disk space beside the database until released (see reserveSpace). */
  reserveSpace(): SpaceReserve;

  /** Stores the suite version and its cases once, by hash. */
  saveSuite(suite: Suite): void;
  /** Status 'running', owned by this process (pid, host). Saves the suite too. */
  createRun(input: CreateRunInput): RunRow;
  /**
   * Takes over a run to resume it: status 'running', owned by this process, new totals and
   * options; `targets` not yet listed for the run are added. Throws StoreError('STORE_BUSY')
   * when another live process owns it.
   */
  claimRun(runId: number, totalCells: number, options: Record<string, unknown>, targets?: RunTargetRow[]): RunRow;
  /** Sets finished_at and releases the run (pid cleared). */
  finishRun(runId: number, status: RunStatus): void;
  /** The suite version's latest run of this kind ('run' by default), when it is running, interrupted or incomplete. */
  findResumableRun(suiteHash: string, kind?: RunKind): RunRow | undefined;
  /** Another process on this host still owns the run; a run left by a crash is not live. */
  isRunLive(run: RunRow): boolean;
  getRun(runId: number): RunRow | undefined;
  latestRun(filter?: { kind?: RunKind }): RunRow | undefined;
  /** Newest first, with cell counts by status; a run whose process is gone is listed as interrupted. */
  listRuns(): RunSummary[];
  /** Cell counts of one run by status. */
  runCounts(runId: number): RunCounts;

  /** cellKey() of the run's cells with status 'ok': what a resume does not redo. */
  finishedCells(runId: number): Set<string>;
  /** The (target, case) pairs of a run with a cell that failed or has no recording. */
  unfinishedCells(runId: number): Array<{ target: string; caseId: string }>;
  /** cacheKey() -> id of the newest successful response to that request and sample. */
  cachedResponses(keys: Array<{ requestHash: string; sample: number }>): Map<string, number>;
  /** Points cells at stored responses (reused = true, status 'ok'), all in one transaction. */
  linkCells(runId: number, links: Array<{ cell: Cell; responseId: number }>): void;
  /**
   * Request, response and cell in one transaction; replaces an earlier attempt's cell. Returns the
   * response id (null for a 'missing' outcome, which stores the cell with its reason and no response).
   */
  saveOutcome(runId: number, cell: Cell, outcome: Outcome): number | null;
  /** A response to a request pinned made for itself (a judge's grade): cached, but in no run. */
  saveDetached(cell: Omit<Cell, 'caseId' | 'target'>, outcome: Outcome): number;
  readResponses(ids: number[]): Map<number, ResponseRow>;
  /** Many outcomes in one transaction, as saveOutcome each. */
  saveOutcomes(runId: number, items: Array<{ cell: Cell; outcome: Outcome }>): void;
  /** Cell status 'missing' with the reason; no response row. */
  saveMissing(runId: number, cell: Cell, message: string): void;
  /** A conversation's request and its answer the moment it arrives, as request `step` of the cell. */
  saveStep(
    runId: number,
    cell: Omit<Cell, 'request' | 'requestHash'>,
    step: number,
    request: Cell['request'],
    requestHash: string,
    outcome: Success,
  ): void;
  /** The answer this run stored for request `step` of a conversation cell, if any. */
  findStep(runId: number, cell: { target: string; caseId: string; sample: number }, step: number): ResponseRow | undefined;
  /** Imported outputs (source 'import'), all in one transaction. */
  saveImported(runId: number, items: Array<{ cell: Cell; outcome: Success; provenance: Record<string, unknown> }>): void;
  /** Everything later stages need; throws StoreError('STORE_NOT_FOUND') for an unknown id. */
  readRun(runId: number): RunData;
  /** readRun without the cases: enough for the summary after a run. */
  readRunCells(runId: number): RunCells;
  /** The run's targets, in order, with their stored settings (no secrets). */
  runTargets(runId: number): RunTargetRow[];
  /** A target's cells in a run as cost and latency read them (status, tokens, source, model, latency): the history's figures. */
  readTargetOutcomes(runId: number, target: string): TargetOutcome[];
  /** The canonical request of every cell of a run, by request hash (kept out of readRun: as big again as its cases). */
  readRunRequests(runId: number): Record<string, RequestSpec>;
  /** Records changes params_compat: auto made to a target's params (a param already recorded is kept as it was). */
  saveParamRewrites(runId: number, target: string, rewrites: ParamRewrite[]): void;
  /** Adds this invocation's rate-limit figures to the run's (targets the limits never bit are left out). */
  saveRunLimits(runId: number, limits: Record<string, TargetLimits>): void;
  /** Target name -> its param rewrites in this run. */
  paramRewrites(runId: number): Record<string, ParamRewrite[]>;
  /** Params rewritten for this model at this endpoint in any run (oldest first, once each). */
  learnedParamRewrites(model: string, baseUrl: string): ParamRewrite[];

  /** Keeps a comparison and its verdicts; returns its id. */
  saveComparison(comparison: Comparison): number;
  /** The newest comparison made for a run. */
  latestComparison(runId: number): (Comparison & { id: number; createdAt: string }) | undefined;
  /** Runs of this suite (kind run or merge) with a stored comparison, newest first. */
  comparedRuns(suiteName: string, limit: number): number[];
  /** The newest comparison of a run without its case verdicts: decisions and figures only. */
  comparisonSummary(runId: number): (Omit<Comparison, 'cases'> & { id: number; createdAt: string }) | undefined;
  /** Stored embeddings of texts (by sha256 of the text) for one endpoint and model. */
  cachedEmbeddings(endpoint: string, model: string, textHashes: string[]): Map<string, Float32Array>;
  saveEmbeddings(endpoint: string, model: string, items: Array<{ textHash: string; vector: Float32Array; tokens: number | null }>): void;
  /** Mean completion tokens of each target's stored outputs for this suite (same target name and model). */
  completionHistory(suite: string, targets: Array<{ name: string; model: string }>): Record<string, number | undefined>;

  /** A batch the provider accepted, status 'pending' until finishBatch. */
  saveBatch(batch: SubmittedBatch): void;
  /** Batches of this endpoint and target whose results are not stored yet, oldest first. */
  pendingBatches(endpoint: string, target: string): SubmittedBatch[];
  finishBatch(endpoint: string, id: string, status: string): void;

  /** Copies runs of other databases (shards) in as one run of kind 'merge', in one transaction. */
  mergeRuns(input: MergeInput): RunRow;

  /** Keeps the result of a pinned verify with the target it checked. */
  saveVerification(input: VerificationInput): StoredVerification;
  /** The newest verification of a model at a base URL (trailing slashes ignored). */
  latestVerification(model: string, baseUrl: string): StoredVerification | undefined;
  /** The newest verify run of this suite version, target, reference and K, whatever its seed or status. */
  latestVerifyRun(key: VerifyRunKey): RunRow | undefined;
}

/**
 * Opens the database at `path`. For writing (the default) parent folders are created and the file
 * is migrated to this version of pinned; for reading it is opened read-only and must be at this
 * version already. Throws StoreError: STORE_OPEN for a file that is not a pinned database,
 * STORE_VERSION for one written by a newer pinned (or, read-only, an older one). `heldCells`: how
 * many cells a run may have for readRun to hold them (HELD_CELLS; beyond, each pass reads them again).
 */
export function openStore(path: string, access: Access = { mode: 'write' }, options: { heldCells?: number } = {}): Store {
  const db = openDatabase(path, access);
  const readonly = access.mode === 'read';
  const suites = suiteQueries(db);
  const rewrites = paramRewriteQueries(db);
  const reads = readRunQueries(db, options);
  const limits = runLimitQueries(db);
  const withRewrites = <T extends RunCells>(data: T): T => {
    const paramRewrites = rewrites.paramRewrites(data.run.id);
    const runLimits = limits.runLimits(data.run.id);
    return {
      ...data,
      ...(Object.keys(paramRewrites).length > 0 && { paramRewrites }),
      ...(Object.keys(runLimits).length > 0 && { limits: runLimits }),
    };
  };
  return withEnvironmentErrors(path, {
    path,
    readonly,
    close() {
      if (!db.open) return;
      try {
        // Lets SQLite refresh its planner statistics for the next process; cheap when nothing changed.
        // Only an optimization: on a full disk it fails too, and must not hide the error that stopped the command.
        if (!readonly) db.pragma('optimize');
      } catch {
        // nothing to keep
      } finally {
        db.close();
      }
    },
    exclusive: (fn) => db.transaction(fn).immediate(),
    reserveSpace: () => reserveSpace(path),
    ...suites,
    ...runQueries(db, suites.saveSuite),
    ...cellQueries(db),
    ...reads,
    ...comparisonQueries(db),
    ...historyQueries(db),
    ...mergeQueries(db),
    ...batchQueries(db),
    ...rewrites,
    ...verificationQueries(db),
    ...earlyDecisionQueries(db),
    saveRunLimits: limits.saveRunLimits,
    readRun(runId: number): RunData {
      return withRewrites(reads.readRun(runId));
    },
    readRunCells(runId: number): RunCells {
      return withRewrites(reads.readRunCells(runId));
    },
    readRunRequests: reads.readRunRequests,
  } satisfies Store);
}
