import type { Database } from 'better-sqlite3';
import type { CaseComparison, Comparison } from '../compare/types.js';
import { repeatedParts } from '../compare/repeated-parts.js';
import { toolVersion } from '../version.js';
import { nowIso, toJson } from './rows.js';

interface ComparisonRecord {
  id: number;
  run_id: number;
  baseline_run_id: number;
  baseline_target: string;
  created_at: string;
  summary: string;
}

/** Comparisons are kept, not overwritten: a report can always show the one it was made from. */
export function comparisonQueries(db: Database) {
  const insertComparison = db.prepare(
    `INSERT INTO comparisons (run_id, baseline_run_id, baseline_target, created_at, tool_version, summary)
     VALUES (@runId, @baselineRunId, @baselineTarget, @createdAt, @toolVersion, @summary)`,
  );
  const insertVerdict = db.prepare(
    `INSERT INTO verdicts (comparison_id, candidate, case_id, verdict, confirmed, unstable, similarity, detail)
     VALUES (@comparisonId, @candidate, @caseId, @verdict, @confirmed, @unstable, @similarity, @detail)`,
  );
  const selectLatest = db.prepare<[number], ComparisonRecord>('SELECT * FROM comparisons WHERE run_id = ? ORDER BY id DESC LIMIT 1');
  const selectComparedRuns = db
    .prepare<[string, number], number>(
      `SELECT DISTINCT c.run_id FROM comparisons AS c JOIN runs AS r ON r.id = c.run_id
       WHERE r.suite_name = ? AND r.kind IN ('run', 'merge') ORDER BY c.run_id DESC LIMIT ?`,
    )
    .pluck();
  const selectSummary = db.prepare<[number], ComparisonRecord>('SELECT * FROM comparisons WHERE run_id = ? ORDER BY id DESC LIMIT 1');
  const selectVerdicts = db.prepare<[number], string>('SELECT detail FROM verdicts WHERE comparison_id = ? ORDER BY rowid').pluck();
  const selectEmbedding = db
    .prepare<[string, string, string], Buffer>('SELECT vector FROM embeddings WHERE endpoint = ? AND model = ? AND text_hash = ?')
    .pluck();
  const insertEmbedding = db.prepare(
    'INSERT OR IGNORE INTO embeddings (endpoint, model, text_hash, vector, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );

  const saveComparison = db.transaction((comparison: Comparison): number => {
    const { cases, ...summary } = comparison;
    const { lastInsertRowid } = insertComparison.run({
      runId: comparison.runId,
      baselineRunId: comparison.baseline.runId,
      baselineTarget: comparison.baseline.target,
      createdAt: nowIso(),
      toolVersion: toolVersion(),
      summary: toJson(summary),
    });
    const comparisonId = Number(lastInsertRowid);
    for (const item of cases) {
      insertVerdict.run({
        comparisonId,
        candidate: item.candidate,
        caseId: item.caseId,
        verdict: item.verdict,
        confirmed: item.confirmed ? 1 : 0,
        unstable: item.unstable ? 1 : 0,
        similarity: item.similarity,
        detail: toJson(item),
      });
    }
    return comparisonId;
  });

  const saveEmbeddings = db.transaction(
    (endpoint: string, model: string, items: Array<{ textHash: string; vector: Float32Array; tokens: number | null }>) => {
      for (const item of items) {
        const bytes = Buffer.from(item.vector.buffer, item.vector.byteOffset, item.vector.byteLength);
        insertEmbedding.run(endpoint, model, item.textHash, bytes, item.tokens, nowIso());
      }
    },
  );

  return {
    saveComparison(comparison: Comparison): number {
      return saveComparison(comparison);
    },
    latestComparison(runId: number): (Comparison & { id: number; createdAt: string }) | undefined {
      const record = selectLatest.get(runId);
      if (!record) return undefined;
      // Row by row: all() would hold every verdict's JSON text beside its parsed object.
      const cases: CaseComparison[] = [];
      const shared = repeatedParts();
      for (const detail of selectVerdicts.iterate(record.id)) cases.push(shared(JSON.parse(detail) as CaseComparison));
      return { ...(JSON.parse(record.summary) as Omit<Comparison, 'cases'>), cases, id: record.id, createdAt: record.created_at };
    },
    /** Runs of this suite with a stored comparison, newest first. */
    comparedRuns(suiteName: string, limit: number): number[] {
      return selectComparedRuns.all(suiteName, limit);
    },
    /** The newest comparison of a run without its case verdicts: decisions and figures only. */
    comparisonSummary(runId: number): (Omit<Comparison, 'cases'> & { id: number; createdAt: string }) | undefined {
      const record = selectSummary.get(runId);
      if (!record) return undefined;
      return { ...(JSON.parse(record.summary) as Omit<Comparison, 'cases'>), id: record.id, createdAt: record.created_at };
    },
    cachedEmbeddings(endpoint: string, model: string, textHashes: string[]): Map<string, Float32Array> {
      const found = new Map<string, Float32Array>();
      for (const hash of new Set(textHashes)) {
        const bytes = selectEmbedding.get(endpoint, model, hash);
        // Copied so the vector owns aligned memory whatever the Buffer pool did.
        if (bytes) found.set(hash, new Float32Array(new Uint8Array(bytes).buffer));
      }
      return found;
    },
    saveEmbeddings(endpoint: string, model: string, items: Array<{ textHash: string; vector: Float32Array; tokens: number | null }>): void {
      saveEmbeddings(endpoint, model, items);
    },
  };
}
