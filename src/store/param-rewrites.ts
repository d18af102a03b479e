import type { Database } from 'better-sqlite3';
import type { ParamRewrite } from '../domain/params-compat.js';
import { nowIso } from './rows.js';

interface RewriteRecord {
  target: string;
  param: string;
  action: string;
  renamed_to: string | null;
  reason: string;
}

/** The changes params_compat: auto made to each target's params, kept per run for reports. */
export function paramRewriteQueries(db: Database) {
  // The first reason recorded for a param wins: a resume records the same rewrites again.
  const insert = db.prepare(
    `INSERT OR IGNORE INTO param_rewrites (run_id, target, param, action, renamed_to, reason, created_at)
     VALUES (@runId, @target, @param, @action, @to, @reason, @createdAt)`,
  );
  const select = db.prepare<[number], RewriteRecord>(
    'SELECT target, param, action, renamed_to, reason FROM param_rewrites WHERE run_id = ? ORDER BY created_at, rowid',
  );
  // Targets are matched by what shapes their requests (model and endpoint), not by their names.
  const selectLearned = db.prepare<{ model: string; baseUrl: string }, RewriteRecord>(
    `SELECT p.target, p.param, p.action, p.renamed_to, p.reason
     FROM param_rewrites AS p
     JOIN run_targets AS t ON t.run_id = p.run_id AND t.name = p.target
     WHERE t.config ->> '$.model' = @model AND t.config ->> '$.base_url' = @baseUrl
     ORDER BY p.run_id, p.created_at, p.rowid`,
  );
  const save = db.transaction((runId: number, target: string, rewrites: ParamRewrite[]) => {
    const createdAt = nowIso();
    for (const rewrite of rewrites)
      insert.run({
        runId,
        target,
        param: rewrite.param,
        action: rewrite.action,
        to: rewrite.to ?? null,
        reason: rewrite.reason,
        createdAt,
      });
  });
  return {
    saveParamRewrites(runId: number, target: string, rewrites: ParamRewrite[]): void {
      if (rewrites.length > 0) save(runId, target, rewrites);
    },
    paramRewrites(runId: number): Record<string, ParamRewrite[]> {
      const byTarget: Record<string, ParamRewrite[]> = {};
      for (const row of select.iterate(runId)) (byTarget[row.target] ??= []).push(toRewrite(row));
      return byTarget;
    },
    /** Every param rewritten for this model at this endpoint in any run, oldest first, once each. */
    learnedParamRewrites(model: string, baseUrl: string): ParamRewrite[] {
      const byParam = new Map<string, ParamRewrite>();
      for (const row of selectLearned.iterate({ model, baseUrl })) if (!byParam.has(row.param)) byParam.set(row.param, toRewrite(row));
      return [...byParam.values()];
    },
  };
}

function toRewrite(row: RewriteRecord): ParamRewrite {
  const rewrite: ParamRewrite = { param: row.param, action: row.action as ParamRewrite['action'], reason: row.reason };
  if (row.renamed_to !== null) rewrite.to = row.renamed_to;
  return rewrite;
}
