import type { Database } from 'better-sqlite3';
import { normalizeBaseUrl, type StoredVerification, type VerificationOutcome } from '../domain/verification.js';
import { fromJson, nowIso, toJson, toRunRow, type RunRecord } from './rows.js';
import type { RunRow } from './types.js';

interface VerificationRecord {
  id: number;
  run_id: number;
  target: string;
  model: string;
  base_url: string;
  snapshot: string;
  reference_file: string;
  reference_sha256: string;
  prompts: number;
  seed: number;
  alpha: number;
  outcome: string;
  paired_p: number | null;
  style_p: number | null;
  summary: string;
  detail: string;
  created_at: string;
}

export type VerificationInput = Omit<StoredVerification, 'id' | 'createdAt'>;

/** The verification of a run (what the fields of a verify run's options say it was asked). */
export interface VerifyRunKey {
  /** Hash of the user's suite version. */
  suite: string;
  target: string;
  referenceSha256: string;
  prompts: number;
}

/** Verifications are kept, one per finished pinned verify, with the target they checked. */
export function verificationQueries(db: Database) {
  const insert = db.prepare(
    `INSERT INTO verifications (run_id, target, model, base_url, snapshot, reference_file, reference_sha256, prompts, seed, alpha,
       outcome, paired_p, style_p, summary, detail, created_at)
     VALUES (@runId, @target, @model, @baseUrl, @snapshot, @referenceFile, @referenceSha256, @prompts, @seed, @alpha,
       @outcome, @pairedP, @styleP, @summary, @detail, @createdAt)`,
  );
  const selectById = db.prepare<[number], VerificationRecord>('SELECT * FROM verifications WHERE id = ?');
  const selectLatest = db.prepare<[string, string], VerificationRecord>(
    'SELECT * FROM verifications WHERE model = ? AND base_url = ? ORDER BY id DESC LIMIT 1',
  );
  const selectLatestVerifyRun = db.prepare<[string, string, string, number], RunRecord>(
    `SELECT * FROM runs WHERE kind = 'verify' AND json_extract(options, '$.suite') = ? AND json_extract(options, '$.target') = ?
       AND json_extract(options, '$.referenceSha256') = ? AND json_extract(options, '$.prompts') = ?
     ORDER BY id DESC LIMIT 1`,
  );

  return {
    saveVerification(input: VerificationInput): StoredVerification {
      const { lastInsertRowid } = insert.run({
        ...input,
        baseUrl: normalizeBaseUrl(input.baseUrl),
        detail: toJson(input.detail),
        createdAt: nowIso(),
      });
      return toVerification(selectById.get(Number(lastInsertRowid))!);
    },
    /** The newest verification of a model at a base URL, whichever target of whichever suite made it. */
    latestVerification(model: string, baseUrl: string): StoredVerification | undefined {
      const record = selectLatest.get(model, normalizeBaseUrl(baseUrl));
      return record && toVerification(record);
    },
    /** The newest verify run of this suite version, target, reference and K, whatever its seed or status. */
    latestVerifyRun(key: VerifyRunKey): RunRow | undefined {
      const record = selectLatestVerifyRun.get(key.suite, key.target, key.referenceSha256, key.prompts);
      return record && toRunRow(record);
    },
  };
}

function toVerification(record: VerificationRecord): StoredVerification {
  return {
    id: record.id,
    runId: record.run_id,
    target: record.target,
    model: record.model,
    baseUrl: record.base_url,
    snapshot: record.snapshot,
    referenceFile: record.reference_file,
    referenceSha256: record.reference_sha256,
    prompts: record.prompts,
    seed: record.seed,
    alpha: record.alpha,
    outcome: record.outcome as VerificationOutcome,
    pairedP: record.paired_p,
    styleP: record.style_p,
    summary: record.summary,
    detail: fromJson<Record<string, unknown>>(record.detail) ?? {},
    createdAt: record.created_at,
  };
}
