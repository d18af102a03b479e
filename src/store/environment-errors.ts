import { unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from '../errors.js';

/**
 * What SQLite says when the machine fails the database (not pinned, not the suite), in the user's
 * terms: what happened to which file and what to do. Undefined for any other error.
 */
export function environmentError(path: string, error: unknown): StoreError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const reason = `${code}: ${error instanceof Error ? error.message : String(error)}`;
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'STORE_CORRUPT',
      `${path} is damaged (${reason}). Restore it from a backup, or delete it (with its -wal and -shm files): ` +
        'pinned never needs it to run again, it only reuses the outputs stored in it (a new run sends their requests again)',
      { cause: error },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new StoreError(
      'STORE_FULL',
      `cannot write ${path}: the disk is full (${reason}). Everything committed before is kept; free some space and run the same command again to resume`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreError(
      'STORE_IO',
      `cannot read or write ${path}: the disk or file system failed (${reason}). Everything committed before is kept; run the same command again once it is fixed`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(
      'STORE_READONLY',
      `cannot write ${path}: it is read-only (${reason}). pinned runs, report and estimate still read it; run on a writable copy (--db) to add to it`,
      { cause: error },
    );
  }
  return undefined;
}

/**
 * Every method of `target` turns an environment failure into its StoreError as it is thrown, so
 * the command stops with the cause and the way out wherever the database fails.
 */
export function withEnvironmentErrors<T extends object>(path: string, target: T): T {
  const guarded = { ...target } as Record<string, unknown>;
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') continue;
    guarded[name] = (...args: unknown[]) => {
      try {
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      } catch (error) {
        throw environmentError(path, error) ?? error;
      }
    };
  }
  return guarded as T;
}

/** Disk space kept beside the database while a run writes to it. */
export interface SpaceReserve {
  /** Gives the space back (idempotent). */
  release(): void;
}

const RESERVE_BYTES = 256 * 1024;

/**
 * Keeps a little space on the database's disk (a file `<db>-reserve`) while a run writes, so a run
 * stopped by a full disk can still commit its last answers and be marked interrupted once the
 * reserve is released: without it, the write that marks the run finds no space either. Best
 * effort: when even the reserve does not fit, there is none.
 */
export function reserveSpace(path: string): SpaceReserve {
  const file = `${path}-reserve`;
  try {
    writeFileSync(file, Buffer.alloc(RESERVE_BYTES));
  } catch {
    try {
      unlinkSync(file);
    } catch {
      // nothing was written
    }
    return { release() {} };
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}
