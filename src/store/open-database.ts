import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { PinnedError, StoreError } from '../errors.js';
import { environmentError } from './environment-errors.js';
import { migrate, requireCurrentSchema } from './migrations.js';

/** 'write' creates and migrates the file; 'read' opens it read-only, never writes, and needs it at this pinned's version. */
export type Access = { mode: 'write' } | { mode: 'read'; command: string };

/** Opens the database file and configures the connection: for writing (created if needed, migrated) or for reading only. */
export function openDatabase(path: string, access: Access = { mode: 'write' }): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new StoreError(
        'STORE_OPEN',
        `${path} is a folder, not a database file (a database path looks like ${join(path, 'pinned.db')})`,
      );
    }
    if (access.mode === 'read') {
      db = openForReading(path);
      requireCurrentSchema(db, path, access.command);
      return db;
    }
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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

/** Whether this process can write the file and create the journal files beside it. */
export function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Read-only. A WAL database needs its -shm file to be read; in a folder this process cannot write
 * (read-only media, another user's project) SQLite cannot create it, so the file is read into
 * memory instead (as a rollback-journal database: the header's two WAL bytes set back), which
 * is the same data when nothing waits in a -wal file.
 */
function openForReading(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT COUNT(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY_CANTINIT') throw error;
    if (hasPendingWal(path)) {
      throw new StoreError(
        'STORE_OPEN',
        `cannot read ${path}: its folder cannot be written, and ${path}-wal holds changes not yet in the file; copy the folder somewhere writable and point --db at the copy`,
        { cause: error },
      );
    }
    const image = readFileSync(path);
    if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
    return new Database(image, { readonly: true });
  }
}

function hasPendingWal(path: string): boolean {
  return existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0;
}

function toStoreError(path: string, error: unknown): StoreError {
  const environment = environmentError(path, error);
  if (environment) return environment;
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
