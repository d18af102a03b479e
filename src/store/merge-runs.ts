import { hostname } from 'node:os';
import type { Database, Statement } from 'better-sqlite3';
import { StoreError, UsageError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import { openDatabase } from './open-database.js';
import { nowIso, toJson, toRunRow, type RunRecord } from './rows.js';
import { runLimitQueries } from './run-limits.js';
import type { RunRow, RunStatus } from './types.js';

export interface MergeSource {
  /** Path of the database holding the run. */
  path: string;
  runId: number;
}

export interface MergeInput {
  sources: MergeSource[];
  status: RunStatus;
  options: Record<string, unknown>;
  provenance: Record<string, unknown>;
  toolVersion: string;
}

type Row = Record<string, unknown>;

/**
 * Copies runs of other pinned databases into this one as a single run of kind 'merge': the
 * suite version and its cases, the requests, the responses the cells point to (under new ids)
 * and the cells themselves. All in one transaction: a merge that fails leaves nothing behind.
 */
export function mergeQueries(db: Database) {
  const inserts = new Map<string, Statement>();
  /** An INSERT for exactly these columns; copies rows whatever columns later versions add. */
  function insert(table: string, columns: string[], verb = 'INSERT'): Statement {
    const key = `${verb} ${table} ${columns.join(',')}`;
    let statement = inserts.get(key);
    if (!statement) {
      statement = db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      inserts.set(key, statement);
    }
    return statement;
  }
  const copy = (table: string, row: Row, verb = 'INSERT') => insert(table, Object.keys(row), verb).run(row);

  const merge = db.transaction((input: MergeInput): RunRow => {
    const sources = input.sources.map((source) => ({ ...source, db: openDatabase(source.path) }));
    try {
      const first = sourceRun(sources[0]!.db, sources[0]!.runId, sources[0]!.path);
      // The run row points at its suite version, so that comes first.
      copySuite(sources[0]!.db, first.suite_hash);
      const { lastInsertRowid } = copy('runs', {
        suite_hash: first.suite_hash,
        suite_name: first.suite_name,
        suite_path: first.suite_path,
        kind: 'merge',
        status: input.status,
        started_at: nowIso(),
        finished_at: nowIso(),
        tool_version: input.toolVersion,
        options: toJson(input.options),
        provenance: toJson(input.provenance),
        total_cells: 0,
        pid: null,
        host: hostname(),
      });
      const runId = Number(lastInsertRowid);
      let total = 0;
      // Which source filled each cell, to name both files when two fill the same one.
      const filledBy = new Map<string, string>();
      for (const source of sources) {
        const run = sourceRun(source.db, source.runId, source.path);
        // The callers check this with a message for users; here it guards the copied suite and cases.
        if (run.suite_hash !== first.suite_hash) throw new Error(`mergeRuns: ${source.path} holds another suite version`);
        total += run.total_cells;
        copyTargets(source.db, source.runId, runId);
        copyParamRewrites(source.db, source.runId, runId);
        addRunLimits(source.db, source.runId, runId);
        const responseIds = copyResponses(source.db, source.runId);
        for (const cell of source.db.prepare<[number], Row>('SELECT * FROM cells WHERE run_id = ?').iterate(source.runId)) {
          const key = `${String(cell.target)}\u0000${String(cell.case_id)}\u0000${String(cell.sample)}`;
          const earlier = filledBy.get(key);
          if (earlier !== undefined) {
            throw new UsageError(
              `${displayPath(earlier)} and ${displayPath(source.path)} both hold case '${String(cell.case_id)}' of target '${String(cell.target)}' (sample ${String(cell.sample)}): nothing was merged`,
              'merge each shard once; runs that overlap cannot make one run',
            );
          }
          filledBy.set(key, source.path);
          copy('cells', {
            ...cell,
            run_id: runId,
            response_id: cell.response_id === null ? null : responseIds.get(cell.response_id as number)!,
          });
        }
      }
      db.prepare('UPDATE runs SET total_cells = ? WHERE id = ?').run(total, runId);
      return toRunRow(db.prepare<[number], RunRecord>('SELECT * FROM runs WHERE id = ?').get(runId)!);
    } finally {
      for (const source of sources) source.db.close();
    }
  });

  function copySuite(source: Database, suiteHash: string): void {
    const suite = source.prepare<[string], Row>('SELECT * FROM suites WHERE hash = ?').get(suiteHash);
    if (suite) copy('suites', suite, 'INSERT OR IGNORE');
    for (const row of source.prepare<[string], Row>('SELECT * FROM cases WHERE suite_hash = ?').iterate(suiteHash))
      copy('cases', row, 'INSERT OR IGNORE');
  }

  // Targets keep the first source's order (baseline first); a later source may add targets.
  function copyTargets(source: Database, sourceRunId: number, runId: number): void {
    const next = db.prepare<[number], number>('SELECT COALESCE(MAX(position) + 1, 0) FROM run_targets WHERE run_id = ?').pluck();
    for (const row of source.prepare<[number], Row>('SELECT * FROM run_targets WHERE run_id = ? ORDER BY position').iterate(sourceRunId)) {
      const exists = db.prepare('SELECT 1 FROM run_targets WHERE run_id = ? AND name = ?').get(runId, row.name);
      if (!exists) copy('run_targets', { ...row, run_id: runId, position: next.get(runId) });
    }
  }

  // What params_compat: auto rewrote is a fact about each target, the same in every shard.
  function copyParamRewrites(source: Database, sourceRunId: number, runId: number): void {
    for (const row of source.prepare<[number], Row>('SELECT * FROM param_rewrites WHERE run_id = ?').iterate(sourceRunId)) {
      copy('param_rewrites', { ...row, run_id: runId }, 'INSERT OR IGNORE');
    }
  }

  // Shards hit their limits separately: the merged run sums what each saw, as a resumed run does.
  const limits = runLimitQueries(db);
  function addRunLimits(source: Database, sourceRunId: number, runId: number): void {
    limits.saveRunLimits(runId, runLimitQueries(source).runLimits(sourceRunId));
  }

  /** The requests and responses the run's cells point to; returns old response id -> new id. */
  function copyResponses(source: Database, sourceRunId: number): Map<number, number> {
    for (const row of source
      .prepare<[number], Row>('SELECT * FROM requests WHERE hash IN (SELECT request_hash FROM cells WHERE run_id = ?)')
      .iterate(sourceRunId)) {
      copy('requests', row, 'INSERT OR IGNORE');
    }
    const ids = new Map<number, number>();
    const responses = source.prepare<[number], Row>('SELECT * FROM responses WHERE id IN (SELECT response_id FROM cells WHERE run_id = ?)');
    for (const { id, ...row } of responses.iterate(sourceRunId)) ids.set(id as number, Number(copy('responses', row).lastInsertRowid));
    return ids;
  }

  return {
    /** One run holding every cell of the source runs; refuses (UsageError) two sources that fill the same cell. */
    mergeRuns(input: MergeInput): RunRow {
      if (input.sources.length === 0) throw new Error('mergeRuns: no sources');
      return merge.immediate(input);
    },
  };
}

function sourceRun(db: Database, runId: number, path: string): RunRecord {
  const run = db.prepare<[number], RunRecord>('SELECT * FROM runs WHERE id = ?').get(runId);
  if (!run) throw new StoreError('STORE_NOT_FOUND', `${path} has no run ${runId}`);
  return run;
}
