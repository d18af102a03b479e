import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecordingError, UsageError } from '../errors.js';
import { recordedCells, type RecordedCells } from '../execute/recorded-cells.js';
import { readRecording, type Recording } from '../execute/recording.js';
import { resolveDbPath } from '../store/db-path.js';
import { openStore } from '../store/open-store.js';
import { targetRow } from '../store/stored-target.js';
import type { RunRow } from '../store/types.js';
import { displayPath } from '../suite/display-path.js';
import { loadSuite } from '../suite/load-suite.js';
import { secretValues, withoutSecrets } from '../suite/secret-values.js';
import { scrubOutcome } from './execute-run.js';
import type { Suite, Target } from '../suite/types.js';
import { toolVersion } from '../version.js';

export interface ImportOptions {
  suite: string;
  /** The target the outputs belong to; the suite's baseline when not given. */
  target?: string;
  from: string;
  db?: string;
  /** Create the cases from the log in this file (relative to the current folder) and add it to the suite. */
  cases?: string;
  /** With `cases`: draw this many of the distinct requests. */
  sample?: number;
  seed?: number;
  /** With `cases`: fields of each row (or its metadata) whose values tag its case. */
  tagBy?: string[];
}

export interface Imported extends RecordedCells {
  run: RunRow;
  suite: Suite;
  target: Target;
  file: string;
  recording: Recording;
}

/**
 * Stores a recording as a run of one target. Outputs are keyed by the request that target would
 * send, so a later `pinned run` reuses them instead of calling a model that may no longer exist:
 * this is how a retired snapshot stays a baseline. The run keeps where they came from.
 */
export async function importRecording(options: ImportOptions, env: Record<string, string | undefined>): Promise<Imported> {
  const suite = await loadSuite(options.suite, { env });
  const target = chooseTarget(suite, options.target);
  const file = resolve(options.from);
  if (!existsSync(file))
    throw new UsageError(`--from ${options.from}: file not found`, 'the path is relative to the current folder, not to the suite');
  const recording = await readRecording(file);
  const found = recordedCells(suite, target, recording);
  if (found.items.length === 0) {
    throw new RecordingError(
      `no row of ${displayPath(file)} matches a case of ${displayPath(suite.path)}; rows match by "case" id, or by the rendered messages of an OpenAI-style log${found.strays.length ? `\n  ${describeStrays(found.strays)}` : ''}`,
      file,
    );
  }
  const run = storeRecording(suite, target, recording, found, options.db, env);
  return { ...found, run, suite, target, file, recording };
}

/** --target NAME, else the suite's baseline. */
export function chooseTarget(suite: Suite, name: string | undefined): Target {
  const target = suite.targets[name ?? suite.baseline];
  if (!target) throw new UsageError(`--target ${name}: the suite has no such target`, `targets: ${Object.keys(suite.targets).join(', ')}`);
  return target;
}

/** The recording's outputs as a run of kind import of one target, with where they came from. */
export function storeRecording(
  suite: Suite,
  target: Target,
  recording: Recording,
  found: RecordedCells,
  db: string | undefined,
  env: Record<string, string | undefined>,
): RunRow {
  const file = recording.file;
  const provenance = { file: displayPath(file), sha256: recording.sha256, importedAt: new Date().toISOString(), rows: recording.rows };
  const secrets = secretValues(suite, env);
  const store = openStore(resolveDbPath(db, env));
  try {
    const run = store.createRun({
      suite: withoutSecrets(suite, secrets),
      kind: 'import',
      targets: [targetRow(suite, target, target.kind === 'replay' ? recording.sha256 : undefined)],
      options: { target: target.name, from: displayPath(file) },
      provenance: {
        ...provenance,
        outputs: found.items.length,
        matchedCases: suite.cases.length - found.missing.length,
        missingCases: found.missing.map((cell) => cell.caseId),
      },
      totalCells: found.items.length + found.missing.length,
      toolVersion: toolVersion(),
    });
    store.saveImported(
      run.id,
      found.items.map(({ cell, outcome, line }) => ({
        cell,
        outcome: scrubOutcome(outcome, secrets),
        provenance: { ...provenance, line },
      })),
    );
    for (const cell of found.missing) store.saveMissing(run.id, cell, `no recording for case '${cell.caseId}' in ${displayPath(file)}`);
    store.finishRun(run.id, found.missing.length > 0 ? 'incomplete' : 'completed');
    return run;
  } finally {
    store.close();
  }
}

/** Case ids the recording has and the suite does not, in words. */
export function describeStrays(strays: string[]): string {
  const shown = `${strays.slice(0, 10).join(', ')}${strays.length > 10 ? ', …' : ''}`;
  return `rows for ${strays.length} case id${strays.length === 1 ? '' : 's'} the suite does not have: ${shown} (a typo, or a case renamed since it was recorded?)`;
}
