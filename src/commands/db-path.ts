import { resolve } from 'node:path';

/** --db, else PINNED_DB, else the project-local default: never a per-user global database. */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  return resolve(flag ?? env.PINNED_DB ?? '.pinned/pinned.db');
}
