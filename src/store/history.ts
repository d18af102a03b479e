import type { Database } from 'better-sqlite3';

export function historyQueries(db: Database) {
  // Same suite name, same target name and the same model: outputs of a renamed model or another
  // suite's prompts say little about how long this target's answers will be. A verification's
  // answers are to the reference's prompts, not the suite's: they are left out too.
  const meanCompletion = db
    .prepare<{ suite: string; target: string; model: string }, number | null>(
      `SELECT AVG(r.completion_tokens)
       FROM cells AS c
       JOIN runs AS u ON u.id = c.run_id
       JOIN run_targets AS t ON t.run_id = c.run_id AND t.name = c.target
       JOIN responses AS r ON r.id = c.response_id
       WHERE u.suite_name = @suite AND u.kind != 'verify' AND c.target = @target AND json_extract(t.config, '$.model') = @model
         AND c.status = 'ok' AND r.completion_tokens IS NOT NULL`,
    )
    .pluck();

  return {
    /** Mean completion tokens of each target's stored outputs for this suite; absent when it has none. */
    completionHistory(suite: string, targets: Array<{ name: string; model: string }>): Record<string, number | undefined> {
      const history: Record<string, number | undefined> = {};
      for (const { name, model } of targets) {
        const mean = meanCompletion.get({ suite, target: name, model });
        if (typeof mean === 'number') history[name] = mean;
      }
      return history;
    },
  };
}
