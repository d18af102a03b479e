import type { Database } from 'better-sqlite3';
import type { Outcome, Success } from '../domain/outcome.js';
import { cacheKey, cellKey, type Cell } from '../plan/types.js';
import { redactSecrets } from '../secrets.js';
import { nowIso, toJson, toResponseRow, type ResponseRecord } from './rows.js';
import type { CellStatus, ResponseRow } from './types.js';

interface CellParams {
  runId: number;
  target: string;
  caseId: string;
  sample: number;
  requestHash: string;
  responseId: number | null;
  status: CellStatus;
  reused: 0 | 1;
  error: string | null;
}

export function cellQueries(db: Database) {
  const insertRequest = db.prepare<[string, string]>('INSERT OR IGNORE INTO requests (hash, spec) VALUES (?, ?)');
  const insertResponse = db.prepare(
    `INSERT INTO responses (request_hash, sample, ok, output, finish_reason, model, system_fingerprint, prompt_tokens,
       completion_tokens, total_tokens, usage, latency_ms, attempts, error_kind, error_status, error_code, error_message, source,
       provenance, created_at, tool_calls, refusal, turns)
     VALUES (@requestHash, @sample, @ok, @output, @finishReason, @model, @systemFingerprint, @promptTokens,
       @completionTokens, @totalTokens, @usage, @latencyMs, @attempts, @errorKind, @errorStatus, @errorCode, @errorMessage, @source,
       @provenance, @createdAt, @toolCalls, @refusal, @turns)`,
  );
  // A retry replaces the cell of the earlier attempt; the earlier response row stays as history.
  const upsertCell = db.prepare<[CellParams]>(
    `INSERT OR REPLACE INTO cells (run_id, target, case_id, sample, request_hash, response_id, status, reused, error)
     VALUES (@runId, @target, @caseId, @sample, @requestHash, @responseId, @status, @reused, @error)`,
  );
  const selectFinished = db.prepare<[number], { target: string; case_id: string; sample: number }>(
    "SELECT target, case_id, sample FROM cells WHERE run_id = ? AND status = 'ok'",
  );
  const selectUnfinished = db.prepare<[number], { target: string; case_id: string }>(
    "SELECT DISTINCT target, case_id FROM cells WHERE run_id = ? AND status != 'ok'",
  );
  // One statement for any number of keys: they arrive as one JSON array of [hash, sample] pairs.
  // `ok = 1` must be spelled out for SQLite to use the partial index responses_cache.
  const selectCached = db.prepare<[string], { request_hash: string; sample: number; id: number }>(
    `SELECT r.request_hash, r.sample, MAX(r.id) AS id
     FROM json_each(?) AS k
     JOIN responses AS r ON r.request_hash = k.value ->> 0 AND r.sample = k.value ->> 1 AND r.ok = 1
     GROUP BY r.request_hash, r.sample`,
  );

  // Samples of a case share one request: serialising it once per process is enough.
  const savedRequests = new Set<string>();
  function saveRequest(cell: Cell): void {
    if (savedRequests.has(cell.requestHash)) return;
    insertRequest.run(cell.requestHash, toJson(cell.request));
    savedRequests.add(cell.requestHash);
  }

  function saveResponse(cell: Cell, outcome: Outcome, source: string, provenance: Record<string, unknown> | null): number {
    const success = outcome.ok ? outcome : null;
    const failure = outcome.ok ? null : outcome;
    const usage = success?.usage ?? null;
    const { lastInsertRowid } = insertResponse.run({
      requestHash: cell.requestHash,
      sample: cell.sample,
      ok: outcome.ok ? 1 : 0,
      output: success?.output ?? null,
      finishReason: success?.finishReason ?? null,
      model: success?.model ?? null,
      systemFingerprint: success?.systemFingerprint ?? null,
      promptTokens: usage?.promptTokens ?? null,
      completionTokens: usage?.completionTokens ?? null,
      totalTokens: usage?.totalTokens ?? null,
      // JSON 'null' (usage without a raw object) stays distinct from SQL NULL (no usage at all).
      usage: usage ? toJson(usage.raw) : null,
      latencyMs: outcome.latencyMs,
      attempts: outcome.attempts,
      errorKind: failure?.kind ?? null,
      errorStatus: failure?.status ?? null,
      errorCode: failure?.code ?? null,
      errorMessage: failure?.message ?? null,
      source,
      provenance: provenance ? toJson(provenance) : null,
      createdAt: nowIso(),
      toolCalls: success?.toolCalls?.length ? toJson(success.toolCalls) : null,
      refusal: success?.refusal ?? null,
      turns: success?.turns ? toJson(success.turns) : null,
    });
    return Number(lastInsertRowid);
  }

  function saveCell(runId: number, cell: Cell, fields: Pick<CellParams, 'responseId' | 'status' | 'reused' | 'error'>): void {
    upsertCell.run({ runId, target: cell.target, caseId: cell.caseId, sample: cell.sample, requestHash: cell.requestHash, ...fields });
  }

  function saveOne(runId: number, cell: Cell, outcome: Outcome): number | null {
    if (!outcome.ok && outcome.kind === 'missing') {
      saveRequest(cell);
      saveCell(runId, cell, { responseId: null, status: 'missing', reused: 0, error: outcome.message });
      return null;
    }
    saveRequest(cell);
    // A failure has no source of its own: it is wherever the request went.
    const source = outcome.ok ? outcome.source : cell.request.kind === 'replay' ? 'replay' : 'api';
    const responseId = saveResponse(cell, outcome, source, null);
    saveCell(runId, cell, { responseId, status: outcome.ok ? 'ok' : 'error', reused: 0, error: null });
    return responseId;
  }

  // Requests pinned makes for itself (the judge): stored and cached like any other, but no run's cell.
  const saveDetached = db.transaction((cell: Omit<Cell, 'caseId' | 'target'>, outcome: Outcome): number => {
    insertRequest.run(cell.requestHash, toJson(cell.request));
    const source = outcome.ok ? outcome.source : 'api';
    return saveResponse(cell as Cell, outcome, source, null);
  });
  const selectResponse = db.prepare<[number], ResponseRecord>('SELECT * FROM responses WHERE id = ?');

  const saveOutcome = db.transaction((runId: number, cell: Cell, outcome: Outcome): number | null => saveOne(runId, cell, outcome));
  const saveOutcomes = db.transaction((runId: number, items: Array<{ cell: Cell; outcome: Outcome }>): void => {
    for (const { cell, outcome } of items) saveOne(runId, cell, outcome);
  });

  const saveMissing = db.transaction((runId: number, cell: Cell, message: string): void => {
    saveRequest(cell);
    saveCell(runId, cell, { responseId: null, status: 'missing', reused: 0, error: message });
  });

  const linkCells = db.transaction((runId: number, links: Array<{ cell: Cell; responseId: number }>): void => {
    for (const { cell, responseId } of links) {
      saveCell(runId, cell, { responseId, status: 'ok', reused: 1, error: null });
    }
  });

  const saveImported = db.transaction(
    (runId: number, items: Array<{ cell: Cell; outcome: Success; provenance: Record<string, unknown> }>): void => {
      for (const { cell, outcome, provenance } of items) {
        saveRequest(cell);
        const responseId = saveResponse(cell, outcome, 'import', redactSecrets(provenance));
        saveCell(runId, cell, { responseId, status: 'ok', reused: 0, error: null });
      }
    },
  );

  const upsertStep = db.prepare(
    `INSERT OR REPLACE INTO conversation_steps (run_id, target, case_id, sample, step, request_hash, response_id)
     VALUES (@runId, @target, @caseId, @sample, @step, @requestHash, @responseId)`,
  );
  const selectStep = db.prepare<[number, string, string, number, number], ResponseRecord>(
    `SELECT r.* FROM conversation_steps s JOIN responses r ON r.id = s.response_id
     WHERE s.run_id = ? AND s.target = ? AND s.case_id = ? AND s.sample = ? AND s.step = ? AND r.ok = 1`,
  );
  const saveStep = db.transaction(
    (
      runId: number,
      cell: Omit<Cell, 'request' | 'requestHash'>,
      step: number,
      request: Cell['request'],
      requestHash: string,
      outcome: Success,
    ) => {
      insertRequest.run(requestHash, toJson(request));
      const responseId = saveResponse({ ...cell, request, requestHash }, outcome, outcome.source, null);
      upsertStep.run({ runId, target: cell.target, caseId: cell.caseId, sample: cell.sample, step, requestHash, responseId });
    },
  );

  return {
    /** A conversation's request as soon as it is answered (see StepLedger). */
    saveStep(
      runId: number,
      cell: Omit<Cell, 'request' | 'requestHash'>,
      step: number,
      request: Cell['request'],
      requestHash: string,
      outcome: Success,
    ): void {
      saveStep(runId, cell, step, request, requestHash, outcome);
    },
    /** The answer this run stored for request `step` of a conversation cell, if any. */
    findStep(runId: number, cell: { target: string; caseId: string; sample: number }, step: number): ResponseRow | undefined {
      const record = selectStep.get(runId, cell.target, cell.caseId, cell.sample, step);
      return record ? toResponseRow(record) : undefined;
    },
    /** The (target, case) pairs of a run with a cell that failed or has no recording. */
    unfinishedCells(runId: number): Array<{ target: string; caseId: string }> {
      return selectUnfinished.all(runId).map((row) => ({ target: row.target, caseId: row.case_id }));
    },
    finishedCells(runId: number): Set<string> {
      const keys = new Set<string>();
      for (const row of selectFinished.iterate(runId)) keys.add(cellKey({ target: row.target, caseId: row.case_id, sample: row.sample }));
      return keys;
    },
    cachedResponses(keys: Array<{ requestHash: string; sample: number }>): Map<string, number> {
      const found = new Map<string, number>();
      if (keys.length === 0) return found;
      const pairs = toJson(keys.map((key) => [key.requestHash, key.sample]));
      for (const row of selectCached.iterate(pairs)) found.set(cacheKey(row.request_hash, row.sample), row.id);
      return found;
    },
    linkCells(runId: number, links: Array<{ cell: Cell; responseId: number }>): void {
      linkCells(runId, links);
    },
    saveOutcome(runId: number, cell: Cell, outcome: Outcome): number | null {
      return saveOutcome(runId, cell, outcome);
    },
    saveOutcomes(runId: number, items: Array<{ cell: Cell; outcome: Outcome }>): void {
      saveOutcomes(runId, items);
    },
    saveDetached(cell: Omit<Cell, 'caseId' | 'target'>, outcome: Outcome): number {
      return saveDetached(cell, outcome);
    },
    readResponses(ids: number[]): Map<number, ResponseRow> {
      const found = new Map<number, ResponseRow>();
      for (const id of new Set(ids)) {
        const record = selectResponse.get(id);
        if (record) found.set(id, toResponseRow(record));
      }
      return found;
    },
    saveMissing(runId: number, cell: Cell, message: string): void {
      saveMissing(runId, cell, message);
    },
    saveImported(runId: number, items: Array<{ cell: Cell; outcome: Success; provenance: Record<string, unknown> }>): void {
      saveImported(runId, items);
    },
  };
}
