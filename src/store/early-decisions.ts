import type { Database } from 'better-sqlite3';
import type { PairEvidence, SideEvidence } from '../compare/case-evidence.js';
import type { EarlyStop } from '../compare/types.js';
import { cellSelectList, toCellRow, toStoredCase, type CaseRecord } from './read-run.js';
import { nowIso } from './rows.js';
import type { CellRow, StoredCase } from './types.js';

/** What deciding while running keeps: evidence as answers arrive, and the candidates stopped early. */
export function earlyDecisionQueries(db: Database) {
  const selectEvidence = db.prepare<[string], string>('SELECT evidence FROM kept_evidence WHERE key = ?').pluck();
  const insertEvidence = db.prepare<[string, string, string]>(
    'INSERT INTO kept_evidence (key, evidence, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET evidence = excluded.evidence, created_at = excluded.created_at',
  );
  const keep = db.transaction((entries: Array<[string, SideEvidence | PairEvidence]>) => {
    const at = nowIso();
    for (const [key, evidence] of entries) insertEvidence.run(key, JSON.stringify(evidence), at);
  });
  const selectStops = db.prepare<[number], { candidate: string; stop: string }>(
    'SELECT candidate, stop FROM early_stops WHERE run_id = ? ORDER BY candidate',
  );
  const upsertStop = db.prepare<[number, string, string]>(
    'INSERT INTO early_stops (run_id, candidate, stop) VALUES (?, ?, ?) ON CONFLICT (run_id, candidate) DO UPDATE SET stop = excluded.stop',
  );
  const deleteStops = db.prepare<[number]>('DELETE FROM early_stops WHERE run_id = ?');
  const deleteStop = db.prepare<[number, string]>('DELETE FROM early_stops WHERE run_id = ? AND candidate = ?');
  const selectCase = db.prepare<[string, string], CaseRecord>(
    'SELECT id, position, messages, vars, tags, description, compare, assertions, expected, params, turns FROM cases WHERE suite_hash = ? AND id = ?',
  );
  const selectCaseCells = db
    // The cells' key is (run, target, case, sample): naming the run's targets makes a lookup per
    // target of the key, where `run_id = ? AND case_id = ?` alone scans every cell of the run (25
    // ms a case at 100,000 cases, 0.4 ms this way).
    .prepare<[number, number, string], unknown[]>(
      `SELECT ${cellSelectList} FROM cells AS c LEFT JOIN responses AS r ON r.id = c.response_id
       WHERE c.run_id = ? AND c.target IN (SELECT name FROM run_targets WHERE run_id = ?) AND c.case_id = ? ORDER BY c.target, c.sample`,
    )
    .raw();
  return {
    /** Evidence kept under these keys (those found). */
    keptEvidence(keys: string[]): Map<string, SideEvidence | PairEvidence> {
      const found = new Map<string, SideEvidence | PairEvidence>();
      for (const key of keys) {
        const text = selectEvidence.get(key);
        if (text !== undefined) found.set(key, JSON.parse(text) as SideEvidence | PairEvidence);
      }
      return found;
    },
    /** Keeps evidence in one transaction; evidence computed again under a kept key replaces it (created_at says when it was last computed). */
    keepEvidence(entries: Array<[string, SideEvidence | PairEvidence]>): void {
      if (entries.length) keep(entries);
    },
    earlyStops(runId: number): Record<string, EarlyStop> {
      return Object.fromEntries(selectStops.all(runId).map((row) => [row.candidate, JSON.parse(row.stop) as EarlyStop]));
    },
    saveEarlyStop(runId: number, candidate: string, stop: EarlyStop): void {
      upsertStop.run(runId, candidate, JSON.stringify(stop));
    },
    /** A run resumed without --stop-early sends the rest: its candidates are no longer stopped. */
    clearEarlyStops(runId: number): void {
      deleteStops.run(runId);
    },
    /** A stop made under another gate than a resumed run's: the candidate is undecided again. */
    dropEarlyStop(runId: number, candidate: string): void {
      deleteStop.run(runId, candidate);
    },
    /** One case of a suite version, and its cells in a run with their responses: what comparing it as it completes reads. */
    readCase(runId: number, suiteHash: string, caseId: string): { stored: StoredCase; cells: CellRow[] } | undefined {
      const record = selectCase.get(suiteHash, caseId);
      if (!record) return undefined;
      return { stored: toStoredCase(record), cells: selectCaseCells.all(runId, runId, caseId).map((row) => toCellRow(row as unknown[])) };
    },
  };
}
