import { EXIT } from '../exit-codes.js';
import { describeStrays, importRecording, type ImportOptions } from '../pipeline/import-recording.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';

/** `pinned import`: a recording stored as a run of one target, and what it did not cover. */
export async function importCommand(options: ImportOptions, io: Io): Promise<number> {
  const { items, missing, strays, run, suite, target, file, recording } = await importRecording(options, io.env);
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
  io.err(`a later \`pinned run\` of this suite reuses these outputs for ${target.name} instead of sending its requests`);
  return EXIT.ok;
}
