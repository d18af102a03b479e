import type { Database } from 'better-sqlite3';
import type { Suite } from '../suite/types.js';
import { nowIso, toJson } from './rows.js';

/** A suite version is stored once, by hash, with its source and cases, however many runs use it. */
export function suiteQueries(db: Database) {
  const insertSuite = db.prepare<[string, string, string, string, string, string]>(
    'INSERT OR IGNORE INTO suites (hash, name, path, yaml, files, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertCase = db.prepare<[string, string, number, string, string, string, string | null]>(
    'INSERT OR IGNORE INTO cases (suite_hash, id, position, messages, vars, tags, description) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  // Safe to call inside another transaction: better-sqlite3 nests it as a savepoint.
  const saveSuite = db.transaction((suite: Suite) => {
    const inserted = insertSuite.run(suite.hash, suite.name, suite.path, suite.source.yaml, toJson(suite.source.files), nowIso());
    if (inserted.changes === 0) return; // same hash, same cases: already stored
    for (const testCase of suite.cases) {
      insertCase.run(
        suite.hash,
        testCase.id,
        testCase.index,
        toJson(testCase.messages),
        toJson(testCase.vars),
        toJson(testCase.tags),
        testCase.description ?? null,
      );
    }
  });

  return {
    saveSuite(suite: Suite): void {
      saveSuite(suite);
    },
  };
}
