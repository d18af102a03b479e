import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { PinnedError, StoreError } from '../errors.js';
import { migrate } from './migrations.js';

/** Opens (creating if needed) the database file, configures the connection and migrates it. */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new StoreError(
        'STORE_OPEN',
        `${path} is a folder, not a database file (a database path looks like ${join(path, 'pinned.db')})`,
      );
    }
    db = new Database(path, { timeout: 5000 });
    db.pragma('busy_timeout = 5000');
    // WAL with synchronous = NORMAL: a commit reaches the OS before it returns, so every
    // finished transaction survives a crash or kill -9 of pinned (what we promise). Only a
    // power loss or OS crash can drop the last few commits; a full fsync per response
    // (synchronous = FULL) would cap a run at a few hundred writes per second.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof PinnedError) throw error;
    throw toStoreError(path, error);
  }
}

function toStoreError(path: string, error: unknown): StoreError {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY') {
    return new StoreError('STORE_BUSY', `${path} is locked by another process (${reason})`, { cause: error });
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreError('STORE_OPEN', `${path} is not a pinned database (not a SQLite file)`, { cause: error });
  }
  return new StoreError('STORE_OPEN', `cannot open database ${path}: ${reason}`, { cause: error });
}
