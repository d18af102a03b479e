import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Access } from './open-database.js';
import { openStore, type Store } from './open-store.js';
import { displayPath } from '../suite/display-path.js';

/** --db, else PINNED_DB, else the project's `.pinned/pinned.db`: never a per-user global database. */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>, cwd = process.cwd()): string {
  const given = flag ?? env.PINNED_DB;
  return given !== undefined ? resolve(cwd, given) : join(projectFolder(cwd), '.pinned', 'pinned.db');
}

/**
 * The folder whose `.pinned/` holds the project's database, found like git finds `.git`: the
 * nearest folder with a `.pinned/` from `cwd` up to the top of the git repository `cwd` is in,
 * or to the filesystem root outside one. With none yet: the repository's top (so the first run,
 * from whatever subfolder, puts it where every later run finds it), else `cwd`.
 */
export function projectFolder(cwd: string): string {
  const start = resolve(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    if (statSync(join(dir, '.pinned'), { throwIfNoEntry: false })?.isDirectory()) return dir;
    // A repository's .git is a folder, or a file in a worktree or submodule.
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * For commands that read runs (compare, report): a database that does not exist is a mistyped
 * path or a project never run, not a reason to create an empty file. `access` decides whether
 * it is opened to write (and migrated) or only to read; given as a function, it is asked with
 * the path.
 */
export function openExistingStore(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  access: Access | ((path: string) => Access),
): Store {
  const path = resolveDbPath(flag, env);
  if (!existsSync(path)) throw missingDatabase(path, flag, env);
  return openStore(path, typeof access === 'function' ? access(path) : access);
}

export function missingDatabase(path: string, flag: string | undefined, env: Record<string, string | undefined>): UsageError {
  const from = flag !== undefined ? ' (--db)' : env.PINNED_DB !== undefined ? ' (PINNED_DB)' : '';
  return new UsageError(
    `there are no runs: no database at ${displayPath(path)}${from}`,
    'run a suite first (pinned run <suite>), or point --db or PINNED_DB at the database a run wrote',
  );
}
