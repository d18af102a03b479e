import { EXIT } from '../exit-codes.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Io } from '../terminal/io.js';
import { GITIGNORE_ENTRIES, STARTER_SUITE, STARTER_SUITE_PATH, WORKFLOW, WORKFLOW_PATH } from '../suite/starter-files.js';

/**
 * Writes a starter suite, a GitHub Actions workflow and .gitignore entries into `dir`. Never
 * overwrites: an existing file is left as it is and reported; .gitignore only gains the lines
 * it lacks.
 */
export async function initProject(options: { dir?: string }, io: Io): Promise<number> {
  const root = resolve(options.dir ?? '.');
  const shown = (path: string) => relative(process.cwd(), join(root, path)) || '.';
  const lines: string[] = [];
  for (const [path, text] of [
    [STARTER_SUITE_PATH, STARTER_SUITE],
    [WORKFLOW_PATH, WORKFLOW],
  ] as const) {
    lines.push((await createOnly(join(root, path), text)) ? `created  ${shown(path)}` : `skipped  ${shown(path)} (exists; left as it is)`);
  }
  const { added, created } = await appendMissingLines(join(root, '.gitignore'), GITIGNORE_ENTRIES);
  lines.push(
    added.length
      ? `${created ? 'created ' : 'updated '} ${shown('.gitignore')} (+ ${added.join(', ')})`
      : `skipped  ${shown('.gitignore')} (already ignores ${GITIGNORE_ENTRIES.join(' and ')})`,
  );
  // Commands run from the project folder: the database, reports/ and the workflow all sit there.
  const project = shown('');
  const suite = STARTER_SUITE_PATH;
  lines.push(
    '',
    'next:',
    ...(project === '.' ? [] : [`  cd ${project}`]),
    '  export COMETAPI_KEY=...              (and add it to the repository secrets for the workflow)',
    `  pinned validate ${suite}`,
    `  pinned estimate ${suite}`,
    `  pinned run ${suite}`,
  );
  io.out(lines.join('\n'));
  return EXIT.ok;
}

/** false when the file already exists; the 'wx' flag makes the check and the write one step. */
async function createOnly(path: string, text: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Appends the entries the file does not list yet (creating it if needed); returns those added. */
async function appendMissingLines(path: string, entries: string[]): Promise<{ added: string[]; created: boolean }> {
  let text = '';
  let created = false;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = true;
  }
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '')));
  const missing = entries.filter((entry) => !present.has(entry) && !present.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return { added: [], created: false };
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFile(
    path,
    `${text}${separator}${text === '' ? '' : '\n'}# pinned: its database and generated reports\n${missing.join('\n')}\n`,
  );
  return { added: missing, created };
}
