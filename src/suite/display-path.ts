import { isAbsolute, relative } from 'node:path';

/** The path as a user would type it: relative to the working directory when under it. */
export function displayPath(absolutePath: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolutePath;
  return rel;
}
