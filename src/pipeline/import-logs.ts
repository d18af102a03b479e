// `pinned import --cases FILE`: a log becomes a suite's cases and its baseline's recording in one
// step. readLogFile -> casesFromLog -> write the cases file and add it to the suite -> loadSuite ->
// recordedCells -> storeRecording.
import { existsSync } from 'node:fs';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { RecordingError, UsageError } from '../errors.js';
import { readLogFile } from '../execute/log-file.js';
import { recordedCells, type RecordedCells } from '../execute/recorded-cells.js';
import type { Recording } from '../execute/recording.js';
import type { RunRow } from '../store/types.js';
import { addCaseFileEntry } from '../suite/add-case-file.js';
import { displayPath } from '../suite/display-path.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite, Target } from '../suite/types.js';
import { casesFromLog, type CasesFromLog } from './cases-from-log.js';
import { chooseTarget, storeRecording, type ImportOptions } from './import-recording.js';
import { createHash } from 'node:crypto';

export interface ImportedLog extends RecordedCells {
  run: RunRow;
  suite: Suite;
  target: Target;
  file: string;
  casesFile: string;
  /** Whether the suite gained a `- file:` entry for the cases file. */
  addedToSuite: boolean;
  created: CasesFromLog;
  lines: number;
  seed: number;
}

export async function importLog(options: ImportOptions & { cases: string }, env: Record<string, string | undefined>): Promise<ImportedLog> {
  const before = await loadSuite(options.suite, { env, allowNoCases: true });
  const target = chooseTarget(before, options.target);
  if (target.kind !== 'endpoint') {
    throw new UsageError(
      `--target ${target.name} replays a recording: cases from a log are stored for an endpoint target`,
      'name the baseline endpoint, or leave --target out',
    );
  }
  const file = resolve(options.from);
  if (!existsSync(file))
    throw new UsageError(`--from ${options.from}: file not found`, 'the path is relative to the current folder, not to the suite');
  const casesFile = resolve(options.cases);
  if (extname(casesFile) !== '.jsonl') throw new UsageError(`--cases ${options.cases}: the cases are written as JSONL: give a .jsonl path`);
  if (existsSync(casesFile)) {
    throw new UsageError(
      `--cases ${options.cases} exists already; nothing was written`,
      'choose a new file, or delete it to import the log again',
    );
  }
  const log = await readLogFile(file);
  const seed = options.seed ?? 1;
  const created = casesFromLog(log.entries, {
    model: target.model,
    stem: basename(casesFile, '.jsonl'),
    ...(options.sample !== undefined && { sample: options.sample }),
    seed,
    tagBy: options.tagBy ?? [],
  });
  created.unusable.push(...log.unusable);
  created.unusable.sort((a, b) => a.line - b.line);
  if (created.cases.length === 0) {
    throw new RecordingError(
      [
        ...describeUnusable(displayPath(file), created.unusable),
        `${displayPath(file)}: no row of its ${log.lines} can become a case; nothing was written`,
      ].join('\n'),
      file,
    );
  }

  // The cases file, then the suite's entry for it, written as its own folder-relative path.
  const suiteDir = dirname(before.path);
  const entryPath = relative(suiteDir, casesFile).split(sep).join('/');
  const suiteText = await readFile(before.path, 'utf8');
  const edited = addCaseFileEntry(suiteText, entryPath);
  if (!edited) throw new UsageError(`${displayPath(before.path)}: 'cases' is not a list, so the cases file cannot be added to it`);
  await mkdir(dirname(casesFile), { recursive: true });
  await writeFile(casesFile, created.cases.map((c) => JSON.stringify(c)).join('\n') + '\n', { flag: 'wx' });
  if (edited.added) await writeFile(before.path, edited.text);

  const suite = await loadSuite(options.suite, { env });
  const suiteTarget = suite.targets[target.name]!;
  const bytes = await readFile(file);
  const recording: Recording = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: log.lines,
    byCase: created.outputs,
    byMessages: new Map(),
  };
  const ids = new Set(created.cases.map((c) => c.id));
  const found = recordedCells({ cases: suite.cases.filter((c) => ids.has(c.id)) }, suiteTarget, recording);
  const run = storeRecording(suite, suiteTarget, recording, found, options.db, env);
  return { ...found, run, suite, target: suiteTarget, file, casesFile, addedToSuite: edited.added, created, lines: log.lines, seed };
}

/** Every row that became no case, `file:line: why`, the first 20 and a count of the rest. */
export function describeUnusable(file: string, unusable: ReadonlyArray<{ line: number; reason: string }>): string[] {
  const lines = unusable.slice(0, 20).map(({ line, reason }) => `${file}:${line}: ${reason}`);
  if (unusable.length > 20) lines.push(`… and ${unusable.length - 20} more rows not used`);
  return lines;
}
