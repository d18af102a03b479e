import type { Database } from 'better-sqlite3';
import type { SubmittedBatch } from '../domain/submitted-batch.js';
import { nowIso, toJson } from './rows.js';

interface BatchRecord {
  id: string;
  endpoint: string;
  target: string;
  run_id: number | null;
  input_file_id: string;
  lines: string;
  submitted_at: string;
}

/** Batch ids are committed the moment the provider returns them: a kill after that never submits twice. */
export function batchQueries(db: Database) {
  const insert = db.prepare(
    `INSERT INTO batches (id, endpoint, target, run_id, input_file_id, status, lines, submitted_at)
     VALUES (@id, @endpoint, @target, @runId, @inputFileId, 'pending', @lines, @submittedAt)`,
  );
  const selectPending = db.prepare<[string, string], BatchRecord>(
    "SELECT * FROM batches WHERE endpoint = ? AND target = ? AND status = 'pending' ORDER BY submitted_at, id",
  );
  const finish = db.prepare<[string, string, string, string]>(
    'UPDATE batches SET status = ?, finished_at = ? WHERE endpoint = ? AND id = ?',
  );

  return {
    saveBatch(batch: SubmittedBatch): void {
      insert.run({ ...batch, lines: toJson(batch.lines) });
    },
    pendingBatches(endpoint: string, target: string): SubmittedBatch[] {
      return selectPending.all(endpoint, target).map((record) => ({
        id: record.id,
        endpoint: record.endpoint,
        target: record.target,
        runId: record.run_id,
        inputFileId: record.input_file_id,
        lines: JSON.parse(record.lines) as SubmittedBatch['lines'],
        submittedAt: record.submitted_at,
      }));
    },
    /** After its results are stored: the provider's final status (completed, failed, expired, cancelled) or 'lost'. */
    finishBatch(endpoint: string, id: string, status: string): void {
      finish.run(status, nowIso(), endpoint, id);
    },
  };
}
