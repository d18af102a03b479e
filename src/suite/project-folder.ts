import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** Whether `path` is inside `folder` (both already resolved), and not the folder itself. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The path with links followed where it exists, so a link inside a folder that leads out counts as outside. */
export function realPath(path: string): string {
  return existsSync(path) ? realpathSync(path) : resolve(path);
}

/**
 * The project a suite belongs to: the nearest folder above it (or its own) that holds `.git`,
 * `package.json` or `.pinned`; without one, the current folder when the suite is inside it,
 * else the suite's own folder. Files a suite reads (recordings) must be inside it.
 */
export function projectFolder(suiteDir: string, cwd = process.cwd()): string {
  for (let folder = realPath(suiteDir); ; folder = dirname(folder)) {
    if (['.git', 'package.json', '.pinned'].some((marker) => existsSync(join(folder, marker)))) return folder;
    if (dirname(folder) === folder) break;
  }
  const here = realPath(cwd);
  return isInside(here, realPath(suiteDir)) || here === realPath(suiteDir) ? here : realPath(suiteDir);
}
