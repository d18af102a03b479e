import type { Database } from 'better-sqlite3';
import type { EndpointTarget, Suite } from '../suite/types.js';
import { redactSecrets } from '../secrets.js';
import { storedEndpoint } from './stored-target.js';
import type { SuiteSettings } from './types.js';
import { nowIso, toJson } from './rows.js';

/** A suite version is stored once, by hash, with its source and cases, however many runs use it. */
export function suiteQueries(db: Database) {
  const insertSuite = db.prepare<[string, string, string, string, string, string, string]>(
    'INSERT OR IGNORE INTO suites (hash, name, path, yaml, files, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCase = db.prepare<
    [string, string, number, string, string, string, string | null, string, string, string | null, string | null, string | null]
  >(
    `INSERT OR IGNORE INTO cases (suite_hash, id, position, messages, vars, tags, description, compare, assertions, expected, params, turns)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // Safe to call inside another transaction: better-sqlite3 nests it as a savepoint.
  const saveSuite = db.transaction((suite: Suite) => {
    const inserted = insertSuite.run(
      suite.hash,
      suite.name,
      suite.path,
      suite.source.yaml,
      toJson(suite.source.files),
      toJson(suiteSettings(suite)),
      nowIso(),
    );
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
        toJson(testCase.compare),
        toJson(testCase.assert),
        testCase.expected === undefined ? null : toJson(testCase.expected),
        testCase.params === undefined ? null : toJson(testCase.params),
        testCase.turns === undefined ? null : toJson(testCase.turns),
      );
    }
  });

  return {
    saveSuite(suite: Suite): void {
      saveSuite(suite);
    },
  };
}

/** What comparing a run needs besides its cases: the gate, and how to reach judge and embeddings models. */
export function suiteSettings(suite: Suite): SuiteSettings {
  const embeddings = suite.embeddings && { ...redactSecrets(storedEndpoint(suite.embeddings)), min_cosine: suite.embeddings.minCosine };
  return { gate: suite.gate, judge: suite.judge ? redactSecrets(storedEndpoint(suite.judge)) : null, embeddings: embeddings ?? null };
}
