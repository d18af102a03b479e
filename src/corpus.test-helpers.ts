import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ../shared/corpus holds real recorded outputs of gpt-4-0314 and later snapshots. CI always has
// it and sets PINNED_REQUIRE_CORPUS=1; in a user's clone it is absent and corpus tests skip
// with the reason in their name.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.env.PINNED_CORPUS_DIR, join(repoRoot, '../shared/corpus'), join(repoRoot, '../../shared/corpus')];

export const corpusDir = candidates.find((dir): dir is string => Boolean(dir) && existsSync(join(dir!, 'README.md')));

if (!corpusDir && process.env.PINNED_REQUIRE_CORPUS === '1') {
  throw new Error(`PINNED_REQUIRE_CORPUS=1 but no corpus found (looked in ${candidates.filter(Boolean).join(', ')})`);
}

/** For describe.skipIf / it.skipIf, and for the test name: the reason a corpus test did not run. */
export const corpusMissing = corpusDir ? false : true;
export const corpusNote = corpusDir ? '' : ' [skipped: ../shared/corpus not found; set PINNED_CORPUS_DIR]';

export function readCorpus<T = Record<string, unknown>>(file: string): T[] {
  if (!corpusDir) throw new Error('corpus not available');
  return readFileSync(join(corpusDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
