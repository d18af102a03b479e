import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { ChatMessage, Assertion, CompareSpec, ConversationTurn } from '../suite/types.js';
import type { RequestSpec } from '../plan/types.js';
import { fromJson, responseColumnNames, toResponseRow, toRunRow, type ResponseRecord, type RunRecord } from './rows.js';
import type { CellRow, CellStatus, RunCells, RunData, RunTargetRow, StoredCase, SuiteSettings } from './types.js';
import { DEFAULT_GATE } from '../suite/resolve-settings.js';
import type { Usage } from '../domain/outcome.js';

/** A target's cell as costing and latency read it. */
export interface TargetOutcome {
  status: CellStatus;
  response: { usage: Usage | null; source: string; model: string | null; latencyMs: number | null } | null;
}

export interface CaseRecord {
  id: string;
  position: number;
  messages: string;
  vars: string;
  tags: string;
  description: string | null;
  compare: string;
  assertions: string;
  expected: string | null;
  params: string | null;
  turns: string | null;
}

// A run's cells are read as arrays rather than objects: at 90,000 cells that halves the time
// (better-sqlite3 builds keyed objects slowly). Positions come from this list, so order and
// names cannot drift apart.
const cellColumns = {
  caseId: 'c.case_id',
  target: 'c.target',
  sample: 'c.sample',
  status: 'c.status',
  reused: 'c.reused',
  requestHash: 'c.request_hash',
  error: 'c.error',
  ...Object.fromEntries(responseColumnNames.map((name) => [`r_${name}`, `r.${name}`])),
} as Record<'caseId' | 'target' | 'sample' | 'status' | 'reused' | 'requestHash' | 'error' | `r_${keyof ResponseRecord}`, string>;
type CellColumn = keyof typeof cellColumns;
const columnNames = Object.keys(cellColumns) as CellColumn[];
/** The cell and response columns toCellRow reads, in its order, for a query over `cells AS c LEFT JOIN responses AS r`. */
export const cellSelectList = columnNames.map((name) => cellColumns[name]).join(', ');
const at = Object.fromEntries(columnNames.map((name, index) => [name, index])) as Record<CellColumn, number>;

/**
 * Up to this many cells a run's cells are read once and held (~600 bytes a cell); beyond it every
 * pass over them reads them again, row by row, so that comparing and reporting a big run holds its
 * cases, samples and verdicts but never all of its cells at once (~120 MB at 100,000 cases x 2).
 */
export const HELD_CELLS = 25_000;

export function readRunQueries(db: Database, options: { heldCells?: number } = {}) {
  const heldCells = options.heldCells ?? HELD_CELLS;
  const selectRun = db.prepare<[number], RunRecord>('SELECT * FROM runs WHERE id = ?');
  const selectTargets = db.prepare<[number], { name: string; role: string; kind: string; config: string }>(
    'SELECT name, role, kind, config FROM run_targets WHERE run_id = ? ORDER BY position',
  );
  const selectCases = db.prepare<[string], CaseRecord>(
    'SELECT id, position, messages, vars, tags, description, compare, assertions, expected, params, turns FROM cases WHERE suite_hash = ? ORDER BY position',
  );
  // One pass over the run's cells with their responses: no query per cell. Cells whose case or
  // target the run does not list (should not happen) sort last rather than vanish.
  const selectCells = db
    .prepare<{ runId: number; suiteHash: string }, unknown[]>(
      `SELECT ${cellSelectList}
       FROM cells AS c
       LEFT JOIN responses AS r ON r.id = c.response_id
       LEFT JOIN cases AS k ON k.suite_hash = @suiteHash AND k.id = c.case_id
       LEFT JOIN run_targets AS t ON t.run_id = c.run_id AND t.name = c.target
       WHERE c.run_id = @runId
       ORDER BY k.position IS NULL, k.position, c.case_id, t.position IS NULL, t.position, c.target, c.sample`,
    )
    .raw();
  const countCells = db.prepare<[number], number>('SELECT count(*) FROM cells WHERE run_id = ?').pluck();
  const selectSettings = db.prepare<[string], string>('SELECT settings FROM suites WHERE hash = ?').pluck();
  const selectTargetOutcomes = db
    .prepare<[number, string], [CellStatus, number | null, number | null, number | null, string | null, string | null, number | null]>(
      `SELECT c.status, r.id, r.prompt_tokens, r.completion_tokens, r.source, r.model, r.latency_ms
       FROM cells AS c LEFT JOIN responses AS r ON r.id = c.response_id WHERE c.run_id = ? AND c.target = ?`,
    )
    .raw();
  const selectRequests = db.prepare<[number], { hash: string; spec: string }>(
    'SELECT hash, spec FROM requests WHERE hash IN (SELECT request_hash FROM cells WHERE run_id = ?)',
  );

  const runTargets = (runId: number): RunTargetRow[] =>
    selectTargets.all(runId).map((row) => ({
      name: row.name,
      role: row.role as RunTargetRow['role'],
      kind: row.kind as RunTargetRow['kind'],
      config: fromJson<Record<string, unknown>>(row.config) ?? {},
    }));

  // Row by row: all() would hold every raw row and its object at once. The iteration keeps the
  // connection busy: a caller going over a big run's cells queries nothing else meanwhile.
  function* pagedCells(runId: number, suiteHash: string, shared = sharing()): Generator<CellRow> {
    for (const row of selectCells.iterate({ runId, suiteHash })) yield toCellRow(row, shared);
  }

  // One read transaction, so a run being written by another process is seen at one instant (a
  // big run's cells excepted: each pass over them reads what is stored then).
  // Without `full`, the cases (half the time and memory) are left out.
  const readRun = db.transaction((runId: number, full: boolean): RunData | RunCells => {
    const record = selectRun.get(runId);
    if (!record) throw new StoreError('STORE_NOT_FOUND', `no run with id ${runId} in the database`);
    const run = toRunRow(record);
    const targets = runTargets(runId);
    const shared = sharing();
    const cells: Iterable<CellRow> =
      countCells.get(runId)! <= heldCells
        ? [...pagedCells(runId, run.suiteHash, shared)]
        : { [Symbol.iterator]: () => pagedCells(runId, run.suiteHash) };
    if (!full) return { run, targets, cells };
    const cases: StoredCase[] = [];
    for (const row of selectCases.iterate(run.suiteHash)) cases.push(toStoredCase(row, shared));
    const stored = fromJson<Partial<SuiteSettings>>(selectSettings.get(run.suiteHash) ?? null) ?? {};
    const settings: SuiteSettings = {
      gate: stored.gate ?? DEFAULT_GATE,
      judge: stored.judge ?? null,
      embeddings: stored.embeddings ?? null,
    };
    return { run, targets, cases, cells, settings };
  });

  return {
    readRun(runId: number): RunData {
      return readRun.deferred(runId, true) as RunData;
    },
    readRunCells(runId: number): RunCells {
      return readRun.deferred(runId, false);
    },
    /** The run's targets, in order, with their stored settings (no secrets). */
    runTargets,
    /**
     * What a target's cost and latency are figured from, and nothing else: the trend over a suite's
     * last runs reads this for each, where whole cells (outputs, usage objects...) would be read
     * and dropped again, ~100 MB a run at 100,000 cases.
     */
    readTargetOutcomes(runId: number, target: string): TargetOutcome[] {
      const outcomes: TargetOutcome[] = [];
      for (const [status, id, promptTokens, completionTokens, source, model, latencyMs] of selectTargetOutcomes.iterate(runId, target)) {
        outcomes.push({
          status,
          response:
            id === null
              ? null
              : {
                  usage:
                    promptTokens === null && completionTokens === null
                      ? null
                      : { promptTokens, completionTokens, totalTokens: null, raw: null },
                  source: source ?? 'api',
                  model,
                  latencyMs,
                },
        });
      }
      return outcomes;
    },
    /** The canonical request of every cell of a run, by request hash (not part of readRun: as big as the cases again). */
    readRunRequests(runId: number): Record<string, RequestSpec> {
      const requests: Record<string, RequestSpec> = {};
      for (const row of selectRequests.iterate(runId)) requests[row.hash] = JSON.parse(row.spec) as RequestSpec;
      return requests;
    },
  };
}

/**
 * What a run's rows repeat is held once: each distinct short text (case id, target, status, model,
 * finish reason...) and each distinct JSON of usage, tags, comparison kind or assertions, parsed
 * once and shared. At 100,000 cases the cells alone took ~190 MB before.
 */
function sharing() {
  const texts = new Map<string, string>();
  const values = new Map<string, unknown>();
  return {
    text<T extends string | null>(text: T): T {
      if (text === null) return text;
      const known = texts.get(text);
      if (known !== undefined) return known as T;
      texts.set(text, text);
      return text;
    },
    /** Parsed JSON, shared between rows with the same text: never to be changed in place. */
    json<T>(text: string, parsed: () => T): T {
      if (values.has(text)) return values.get(text) as T;
      const value = parsed();
      values.set(text, value);
      return value;
    },
  };
}
type Sharing = ReturnType<typeof sharing>;

/** One cell row; a caller reading many rows passes one sharing() for all of them. */
export function toCellRow(row: unknown[], shared: Sharing = sharing()): CellRow {
  const requestHash = row[at.requestHash] as string;
  for (const column of [
    at.caseId,
    at.target,
    at.status,
    at.r_model,
    at.r_finish_reason,
    at.r_system_fingerprint,
    at.r_source,
    at.r_error_kind,
  ])
    row[column] = shared.text(row[column] as string | null);
  if (row[at.r_request_hash] === requestHash) row[at.r_request_hash] = requestHash;
  const response = row[at.r_id] === null ? null : toResponseRow(responseRecord(row));
  if (response?.usage) response.usage.raw = shared.json(row[at.r_usage] as string, () => response.usage!.raw);
  return {
    caseId: row[at.caseId] as string,
    target: row[at.target] as string,
    sample: row[at.sample] as number,
    status: row[at.status] as CellStatus,
    reused: row[at.reused] === 1,
    requestHash,
    response,
    error: row[at.error] as string | null,
  };
}

function responseRecord(row: unknown[]): ResponseRecord {
  return {
    id: row[at.r_id],
    request_hash: row[at.r_request_hash],
    sample: row[at.r_sample],
    ok: row[at.r_ok],
    output: row[at.r_output],
    finish_reason: row[at.r_finish_reason],
    model: row[at.r_model],
    system_fingerprint: row[at.r_system_fingerprint],
    prompt_tokens: row[at.r_prompt_tokens],
    completion_tokens: row[at.r_completion_tokens],
    total_tokens: row[at.r_total_tokens],
    usage: row[at.r_usage],
    latency_ms: row[at.r_latency_ms],
    attempts: row[at.r_attempts],
    error_kind: row[at.r_error_kind],
    error_status: row[at.r_error_status],
    error_code: row[at.r_error_code],
    error_message: row[at.r_error_message],
    source: row[at.r_source],
    provenance: row[at.r_provenance],
    created_at: row[at.r_created_at],
    tool_calls: row[at.r_tool_calls],
    refusal: row[at.r_refusal],
    turns: row[at.r_turns],
  } as ResponseRecord;
}

export function toStoredCase(row: CaseRecord, shared: Sharing = sharing()): StoredCase {
  const stored: StoredCase = {
    id: shared.text(row.id),
    index: row.position,
    messages: JSON.parse(row.messages) as ChatMessage[],
    vars: JSON.parse(row.vars) as Record<string, unknown>,
    tags: shared.json(row.tags, () => JSON.parse(row.tags) as string[]),
    compare: shared.json(row.compare, () => JSON.parse(row.compare) as CompareSpec),
    assert: shared.json(row.assertions, () => JSON.parse(row.assertions) as Assertion[]),
  };
  if (row.description !== null) stored.description = row.description;
  if (row.expected !== null) stored.expected = JSON.parse(row.expected) as unknown;
  if (row.params !== null) stored.params = JSON.parse(row.params) as Record<string, unknown>;
  if (row.turns !== null) stored.turns = JSON.parse(row.turns) as ConversationTurn[];
  return stored;
}
