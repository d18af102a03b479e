import pc from 'picocolors';
import { loadSuite } from '../suite/load-suite.js';
import { displayPath } from '../suite/display-path.js';
import { formatWarnings } from '../terminal/warnings.js';
import { formatContextWarnings } from '../terminal/cost.js';
import { checkContextWindows } from './costs.js';
import { dirname } from 'node:path';
import { SuiteError, type SuiteIssue } from '../errors.js';
import type { Io } from './io.js';
import { loadCheck } from './javascript-assertions.js';
import { gateMinimum, tooFewCases } from '../compare/cases-needed.js';

/** Loads the suite like a run would, reports what it found, sends nothing. */
export async function validateSuite(options: { suite: string }, io: Io): Promise<number> {
  const suite = await loadSuite(options.suite, { env: io.env });
  await checkJavascriptAssertions(suite);
  const names = [suite.baseline, ...suite.candidates];
  let cells = 0;
  for (const testCase of suite.cases) {
    for (const name of names) cells += testCase.samples ?? suite.targets[name]!.samples ?? suite.samples;
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
  const notes: string[] = [];
  for (const name of names) {
    const target = suite.targets[name]!;
    for (const variable of target.unresolved) notes.push(`${name}: \${${variable.name}} is not set; a run of this target will refuse to start`);
    if (target.kind === 'endpoint' && target.apiKeyEnv && !io.env[target.apiKeyEnv]) {
      notes.push(`${name}: ${target.apiKeyEnv} is not set; a run that sends requests to this target will refuse to start`);
    }
  }
  for (const helper of [suite.judge, suite.embeddings]) {
    if (helper?.apiKeyEnv && !io.env[helper.apiKeyEnv]) notes.push(`${helper.name}: ${helper.apiKeyEnv} is not set; a run or compare that asks the ${helper.name} model will refuse to start`);
  }
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const overflows = await checkContextWindows(suite, names);
  if (overflows.length > 0) io.err(formatContextWarnings(overflows));
  const tooFew = tooFewCases(gateMinimum(suite.gate, suite.cases, suite.targets[suite.baseline]!.samples ?? suite.samples), suite.cases.length);
  if (tooFew) notes.push(tooFew);
  for (const note of notes) io.err(`${pc.yellow('note')} ${note}`);
  return 0;
}

/** A `javascript: file.mjs#fn` whose function cannot be had would fail every output: a suite error, not a verdict. */
async function checkJavascriptAssertions(suite: Awaited<ReturnType<typeof loadSuite>>): Promise<void> {
  const issues: SuiteIssue[] = [];
  const seen = new Set<string>();
  for (const testCase of suite.cases) {
    for (const assertion of testCase.assert) {
      if (assertion.type !== 'javascript' || seen.has(assertion.value)) continue;
      seen.add(assertion.value);
      const { loadError } = await loadCheck(assertion.value, dirname(suite.path));
      if (loadError) issues.push({ ...testCase.loc, message: `case '${testCase.id}': javascript ${displayPath(assertion.value.split('#')[0]!)}#${assertion.value.split('#')[1] ?? 'default'}: ${loadError}` });
    }
  }
  if (issues.length > 0) throw new SuiteError(issues);
}
