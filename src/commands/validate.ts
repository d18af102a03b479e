import { dirname, resolve } from 'node:path';
import pc from 'picocolors';
import { loadSuite } from '../suite/load-suite.js';
import { samplesFor } from '../suite/samples.js';
import { missingFromEnvironment } from '../suite/api-key.js';
import { EXIT } from '../exit-codes.js';
import { displayPath } from '../suite/display-path.js';
import { formatWarnings } from '../terminal/warnings.js';
import { formatContextWarnings } from '../terminal/cost.js';
import { checkContextWindows } from '../plan/context-window.js';
import type { Io } from '../terminal/io.js';
import { checkJavascriptModules } from '../execute/javascript-assertions.js';
import { checkRecordings } from '../execute/recording.js';
import { suiteTooSmall } from '../compare/cases-needed.js';
import { formatEnvironmentReads } from '../terminal/environment-reads.js';

/** Loads the suite like a run would, reports what it found, sends nothing. */
export async function validateSuite(options: { suite: string }, io: Io): Promise<number> {
  const suite = await loadSuite(options.suite, { env: io.env });
  await checkRecordings(suite);
  await checkJavascriptModules(suite);
  const names = [suite.baseline, ...suite.candidates];
  let cells = 0;
  for (const testCase of suite.cases) {
    for (const name of names) cells += samplesFor(suite, testCase, name);
  }
  const describe = (name: string) => {
    const target = suite.targets[name]!;
    return target.kind === 'replay' ? `${name} (replay ${displayPath(target.file)})` : `${name} (${target.model} at ${target.baseUrl})`;
  };
  io.out(
    [
      `${pc.green('✓')} ${displayPath(suite.path)}: suite '${suite.name}' is valid`,
      `  ${suite.cases.length} case${suite.cases.length === 1 ? '' : 's'}, ${cells} cell${cells === 1 ? '' : 's'} per run`,
      `  baseline:   ${describe(suite.baseline)}`,
      `  candidates: ${suite.candidates.map(describe).join(', ') || '(none)'}`,
    ].join('\n'),
  );
  const modules = [
    ...new Set(
      suite.cases.flatMap((c) =>
        c.assert.flatMap((a) => (a.type === 'javascript' ? [displayPath(resolve(dirname(suite.path), a.value.split('#')[0]!))] : [])),
      ),
    ),
  ];
  if (modules.length > 0)
    io.out(`  runs code: ${modules.join(', ')} (javascript assertions; loaded by validate, called by run and compare)`);
  const reads = formatEnvironmentReads(suite);
  if (reads) io.out(reads);
  // Not an error here: validate checks the suite, and CI may run it where the keys are not set.
  const helpers = [suite.judge, suite.embeddings].filter((helper) => helper !== undefined);
  const notes = missingFromEnvironment([...names.map((name) => suite.targets[name]!), ...helpers], io.env);
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const overflows = await checkContextWindows(suite, names);
  if (overflows.length > 0) io.err(formatContextWarnings(overflows));
  const tooFew = suiteTooSmall(suite);
  if (tooFew) io.err(`${pc.yellow('note:')} ${tooFew}`);
  for (const note of notes) io.err(`${pc.yellow('note')} ${note}; a run that needs it will refuse to start`);
  return EXIT.ok;
}
