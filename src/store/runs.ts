import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { Suite } from '../suite/types.js';
import { redactSecrets } from '../secrets.js';
import { nowIso, toJson, toRunRow, type RunRecord } from './rows.js';
import type { RunCounts, RunKind, RunRow, RunStatus, RunSummary, RunTargetRow } from './types.js';

export interface CreateRunInput {
  suite: Suite;
  kind: RunKind;
  /** Baseline first: readRun lists targets, and orders cells, in this order. */
  targets: RunTargetRow[];
  options: Record<string, unknown>;
  provenance?: Record<string, unknown> | null;
  totalCells: number;
  toolVersion: string;
}

interface SummaryRecord extends RunRecord {
  ok_cells: number;
  error_cells: number;
  missing_cells: number;
}

const resumable: RunStatus[] = ['running', 'interrupted', 'incomplete'];

export function runQueries(db: Database, saveSuite: (suite: Suite) => void) {
  const insertRun = db.prepare(
    `INSERT INTO runs (suite_hash, suite_name, suite_path, kind, status, started_at, tool_version, options, provenance, total_cells, pid, host)
     VALUES (@suiteHash, @suiteName, @suitePath, @kind, 'running', @startedAt, @toolVersion, @options, @provenance, @totalCells, @pid, @host)`,
  );
  const upsertTarget = db.prepare(
    `INSERT INTO run_targets (run_id, name, position, role, kind, config) VALUES (@runId, @name, @position, @role, @kind, @config)
     ON CONFLICT (run_id, name) DO UPDATE SET role = excluded.role, kind = excluded.kind, config = excluded.config`,
  );
  const nextTargetPosition = db
    .prepare<[number], number>('SELECT COALESCE(MAX(position) + 1, 0) FROM run_targets WHERE run_id = ?')
    .pluck();
  const selectRun = db.prepare<[number], RunRecord>('SELECT * FROM runs WHERE id = ?');
  const selectLatest = db.prepare<{ kind: RunKind | null }, RunRecord>(
    'SELECT * FROM runs WHERE @kind IS NULL OR kind = @kind ORDER BY id DESC LIMIT 1',
  );
  const selectLatestOfSuite = db.prepare<[string, RunKind], RunRecord>(
    'SELECT * FROM runs WHERE suite_hash = ? AND kind = ? ORDER BY id DESC LIMIT 1',
  );
  const claim = db.prepare(
    `UPDATE runs SET status = 'running', finished_at = NULL, pid = @pid, host = @host, total_cells = @totalCells, options = @options
     WHERE id = @id`,
  );
  const finish = db.prepare<[RunStatus, string, number]>('UPDATE runs SET status = ?, finished_at = ?, pid = NULL WHERE id = ?');
  const selectCounts = db.prepare<[number], { ok: number | null; error: number | null; missing: number | null }>(
    `SELECT SUM(status = 'ok') AS ok, SUM(status = 'error') AS error, SUM(status = 'missing') AS missing FROM cells WHERE run_id = ?`,
  );
  const selectSummaries = db.prepare<[], SummaryRecord>(
    `SELECT runs.*, COALESCE(c.ok, 0) AS ok_cells, COALESCE(c.error, 0) AS error_cells, COALESCE(c.missing, 0) AS missing_cells
     FROM runs LEFT JOIN (
       SELECT run_id, SUM(status = 'ok') AS ok, SUM(status = 'error') AS error, SUM(status = 'missing') AS missing
       FROM cells GROUP BY run_id
     ) AS c ON c.run_id = runs.id
     ORDER BY runs.id DESC`,
  );

  function saveTargets(runId: number, targets: RunTargetRow[]): void {
    let position = nextTargetPosition.get(runId) ?? 0;
    for (const target of targets) {
      upsertTarget.run({
        runId,
        name: target.name,
        position: position++,
        role: target.role,
        kind: target.kind,
        config: toJson(redactSecrets(target.config)),
      });
    }
  }

  function getRun(runId: number): RunRow | undefined {
    const record = selectRun.get(runId);
    return record && toRunRow(record);
  }

  function mustGetRun(runId: number): RunRow {
    const run = getRun(runId);
    if (!run) throw new StoreError('STORE_NOT_FOUND', `no run with id ${runId} in the database`);
    return run;
  }

  const createRun = db.transaction((input: CreateRunInput): RunRow => {
    saveSuite(input.suite);
    const { lastInsertRowid } = insertRun.run({
      suiteHash: input.suite.hash,
      suiteName: input.suite.name,
      suitePath: input.suite.path,
      kind: input.kind,
      startedAt: nowIso(),
      toolVersion: input.toolVersion,
      options: toJson(redactSecrets(input.options)),
      provenance: input.provenance ? toJson(redactSecrets(input.provenance)) : null,
      totalCells: input.totalCells,
      pid: process.pid,
      host: hostname(),
    });
    const runId = Number(lastInsertRowid);
    saveTargets(runId, input.targets);
    return mustGetRun(runId);
  });

  // Check and take ownership under one write lock, so two processes resuming the same run
  // cannot both believe they own it.
  const claimRun = db.transaction(
    (runId: number, totalCells: number, options: Record<string, unknown>, targets: RunTargetRow[]): RunRow => {
      const run = mustGetRun(runId);
      if (isRunLive(run)) {
        throw new StoreError('STORE_BUSY', `run ${runId} is still running in process ${run.pid} on ${run.host}`);
      }
      claim.run({ id: runId, pid: process.pid, host: hostname(), totalCells, options: toJson(redactSecrets(options)) });
      saveTargets(runId, targets);
      return mustGetRun(runId);
    },
  );

  return {
    createRun(input: CreateRunInput): RunRow {
      return createRun.immediate(input);
    },
    claimRun(runId: number, totalCells: number, options: Record<string, unknown>, targets: RunTargetRow[] = []): RunRow {
      return claimRun.immediate(runId, totalCells, options, targets);
    },
    finishRun(runId: number, status: RunStatus): void {
      const { changes } = finish.run(status, nowIso(), runId);
      if (changes === 0) throw new StoreError('STORE_NOT_FOUND', `no run with id ${runId} in the database`);
    },
    // Only the latest run counts: once a later run of the suite completed, an older interrupted
    // one is history, not something to pick up again.
    findResumableRun(suiteHash: string, kind: RunKind = 'run'): RunRow | undefined {
      const record = selectLatestOfSuite.get(suiteHash, kind);
      const run = record && toRunRow(record);
      return run && resumable.includes(run.status) ? run : undefined;
    },
    isRunLive,
    getRun,
    latestRun(filter: { kind?: RunKind } = {}): RunRow | undefined {
      const record = selectLatest.get({ kind: filter.kind ?? null });
      return record && toRunRow(record);
    },
    runCounts(runId: number): RunCounts {
      const run = getRun(runId);
      if (!run) throw new StoreError('STORE_NOT_FOUND', `there is no run ${runId} in this database`);
      const counts = selectCounts.get(runId);
      return { ok: counts?.ok ?? 0, error: counts?.error ?? 0, missing: counts?.missing ?? 0, total: run.totalCells };
    },
    listRuns(): RunSummary[] {
      return selectSummaries.all().map((record) => ({
        run: orphanedAsInterrupted(toRunRow(record)),
        counts: { ok: record.ok_cells, error: record.error_cells, missing: record.missing_cells, total: record.total_cells },
      }));
    },
  };
}

/**
 * Whether another process on this machine still owns the run. A run left 'running' by a crash
 * (kill -9, power cut) names a pid that no longer exists, so it is not live and may be resumed.
 */
export function isRunLive(run: RunRow): boolean {
  if (run.status !== 'running' || run.pid === null || run.pid === process.pid) return false;
  // A pid on another host says nothing here; treat it as dead rather than block forever.
  if (run.host !== hostname()) return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A run left 'running' by a process that is gone (kill -9, a second Ctrl-C, a power cut) is
 * listed as what it is, and what the next `pinned run` makes of it: interrupted. Only the
 * process that ran it could have stored that, so the row itself still says running.
 */
function orphanedAsInterrupted(run: RunRow): RunRow {
  const orphaned = run.status === 'running' && run.pid !== process.pid && !isRunLive(run);
  return orphaned ? { ...run, status: 'interrupted' } : run;
}
