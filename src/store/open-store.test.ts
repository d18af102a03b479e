import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { schemaVersion } from './migrations.js';
import { openDatabase } from './open-database.js';
import { openStore } from './open-store.js';
import { catchError, createTestRun, tempDir, track } from './store.test-helpers.js';

function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('openStore', () => {
  it('creates parent folders, the schema and the version on a new file', () => {
    const path = join(tempDir(), 'deep', '.pinned', 'pinned.db');
    track(openStore(path)).close();
    const { tables, versions } = inspect(path, (db) => ({
      tables: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all(),
      versions: db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all(),
    }));
    expect(tables).toEqual([
      'batches',
      'cases',
      'cells',
      'comparisons',
      'conversation_steps',
      'early_stops',
      'embeddings',
      'kept_evidence',
      'param_rewrites',
      'requests',
      'responses',
      'run_limits',
      'run_targets',
      'runs',
      'schema_version',
      'suites',
      'verdicts',
      'verifications',
    ]);
    expect(versions).toEqual(Array.from({ length: schemaVersion }, (_, i) => i + 1));
  });

  it('reopens an existing database without migrating again or losing data', () => {
    const path = join(tempDir(), 'pinned.db');
    const first = track(openStore(path));
    const run = createTestRun(first);
    first.close();
    const second = track(openStore(path));
    expect(second.getRun(run.id)).toEqual(run);
    second.close();
    expect(inspect(path, (db) => db.prepare('SELECT COUNT(*) FROM schema_version').pluck().get())).toBe(schemaVersion);
  });

  it('uses WAL, synchronous NORMAL, foreign keys and a busy timeout', () => {
    const path = join(tempDir(), 'pinned.db');
    const db = openDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
    // WAL is a property of the file: a later plain connection sees it too.
    expect(inspect(path, (other) => other.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('refuses a database written by a newer pinned, asking to upgrade', () => {
    const path = join(tempDir(), 'pinned.db');
    track(openStore(path)).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(schemaVersion + 1, new Date().toISOString());
    db.close();
    const error = catchError(() => openStore(path));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_VERSION' });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/upgrade pinned/i);
  });

  it('refuses a file that is not a SQLite database, naming it', () => {
    const path = join(tempDir(), 'notes.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(100));
    const error = catchError(() => openStore(path));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_OPEN' });
    expect((error as Error).message).toContain(path);
  });

  it("refuses another program's SQLite database rather than adding tables to it", () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    expect(catchError(() => openStore(path))).toMatchObject({ code: 'STORE_OPEN' });
  });
});
