import { EXIT } from '../exit-codes.js';
import { describeUnusable, importLog } from '../pipeline/import-logs.js';
import { describeStrays, importRecording, type ImportOptions } from '../pipeline/import-recording.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';
import { terminalSafe } from '../terminal/safe-text.js';

/** `pinned import`: a recording stored as a run of one target (with --cases, the log's requests become cases first), and what it did not cover. */
export async function importCommand(options: ImportOptions, io: Io): Promise<number> {
  if (options.cases !== undefined) return importLogCommand({ ...options, cases: options.cases }, io);
  if (options.sample !== undefined || options.tagBy !== undefined) io.err('--sample and --tag-by apply with --cases only: ignored');
  const { items, missing, strays, unmatched, run, suite, target, file, recording } = await importRecording(options, io.env);
  const matched = suite.cases.length - missing.length;
  io.out(
    `imported ${items.length} output${items.length === 1 ? '' : 's'} of ${target.name} for ${matched} of ${suite.cases.length} cases ` +
      `into run ${run.id} (${displayPath(file)}, sha256 ${recording.sha256.slice(0, 12)})`,
  );
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 10)
      .map((cell) => cell.caseId)
      .join(', ');
    io.err(`missing for ${missing.length} case${missing.length === 1 ? '' : 's'}: ${shown}${missing.length > 10 ? ', …' : ''}`);
  }
  if (strays.length > 0) io.err(`not imported: ${describeStrays(strays)}`);
  if (unmatched.length > 0) {
    const shown = `${unmatched.slice(0, 20).join(', ')}${unmatched.length > 20 ? ', …' : ''}`;
    io.err(
      `not imported: ${unmatched.length} log row${unmatched.length === 1 ? '' : 's'} whose messages are no case's (lines ${shown}); ` +
        'pinned import --cases FILE makes cases of them',
    );
  }
  io.err(`a later \`pinned run\` of this suite reuses these outputs for ${target.name} instead of sending its requests`);
  return EXIT.ok;
}

async function importLogCommand(options: ImportOptions & { cases: string }, io: Io): Promise<number> {
  const imported = await importLog(options, io.env);
  const { created, file, casesFile, suite, target, run, items, lines } = imported;
  const log = displayPath(file);
  const repeats = created.rows - created.distinct;
  io.out(
    `created ${created.cases.length} case${created.cases.length === 1 ? '' : 's'} in ${displayPath(casesFile)} from ${created.rows} of ${lines} rows of ${log}` +
      (repeats > 0
        ? ` (${repeats} repeated request${repeats === 1 ? '' : 's'} became more samples of ${repeats === 1 ? 'its case' : 'their cases'})`
        : ''),
  );
  if (options.sample !== undefined && options.sample < created.distinct)
    io.out(
      `sampled ${created.cases.length} of ${created.distinct} distinct requests (seed ${imported.seed}; --seed ${imported.seed} draws the same)`,
    );
  io.out(
    imported.addedToSuite
      ? `added "- file: ${displayPath(casesFile)}" to the cases of ${displayPath(suite.path)}`
      : `${displayPath(suite.path)} already lists ${displayPath(casesFile)}`,
  );
  io.out(`imported ${items.length} output${items.length === 1 ? '' : 's'} of ${target.name} for them into run ${run.id}`);
  if (created.unusable.length > 0) {
    io.err(`not used: ${created.unusable.length} row${created.unusable.length === 1 ? '' : 's'} of ${log}:`);
    for (const line of describeUnusable(log, created.unusable)) io.err(`  ${terminalSafe(line)}`);
  }
  io.err(`a later \`pinned run\` of this suite reuses these outputs for ${target.name} and asks only the candidates`);
  return EXIT.ok;
}
