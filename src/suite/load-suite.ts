import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { dirname, resolve } from 'node:path';
import { formatIssue, SuiteError, type SuiteIssue } from '../errors.js';
import type { Suite } from './types.js';
import { checkLineup } from './check-lineup.js';
import { checkSchema } from './check-schema.js';
import { displayPath } from './display-path.js';
import type { Env } from './env-vars.js';
import { resolveCases } from './resolve-cases.js';
import { resolveTargets } from './resolve-targets.js';
import { DEFAULT_MIN_COSINE, resolveGate, resolveHelperModel } from './resolve-settings.js';
import { parseYaml } from './yaml-document.js';
import { checkComparison } from './check-comparison.js';

/**
 * Reads a suite, checks it, expands included case files and renders every case. Throws one
 * SuiteError listing every problem found; problems that do not stop a run are warnings.
 */
/** `allowNoCases`: a suite about to get its cases (`pinned import --cases`) may have none yet. */
export async function loadSuite(path: string, options: { env?: Env; allowNoCases?: boolean } = {}): Promise<Suite> {
  const absolute = resolve(path);
  const file = displayPath(absolute);
  const suiteDir = dirname(absolute);
  const yaml = await readSuiteText(absolute, file);
  const parsed = parseYaml(yaml, file);
  if (!parsed.ok) throw new SuiteError(parsed.issues);
  const { doc } = parsed;
  if (doc.value === null || doc.value === undefined) {
    throw new SuiteError([{ file, message: 'the suite file is empty; expected name, baseline, candidates, targets and cases' }]);
  }

  const { suite: written, issues: schemaIssues } = checkSchema(doc);
  const lineup = checkLineup(written, doc);
  const targets = await resolveTargets({
    targets: written.targets,
    defaults: written.defaults,
    locator: doc,
    suiteDir,
    env: options.env ?? process.env,
  });
  const cases = await resolveCases({
    entries: written.cases,
    defaults: written.defaults,
    locator: doc,
    suiteDir,
    allowOutsideModules: written.allow_outside_modules === true,
  });
  const helpers = { issues: [] as SuiteIssue[], warnings: [] as SuiteIssue[] };
  const targetsInput = { targets: written.targets, defaults: written.defaults, locator: doc, suiteDir, env: options.env ?? process.env };
  const judge = resolveHelperModel('judge', written.judge, targets.targets, targetsInput, helpers.issues, helpers.warnings);
  const embeddings = resolveHelperModel('embeddings', written.embeddings, targets.targets, targetsInput, helpers.issues, helpers.warnings);

  const defaultsChecks = checkComparison(written.defaults, (sub) => doc.at(sub), ['defaults'], {
    suiteDir,
    allowOutsideModules: written.allow_outside_modules === true,
    warnings: helpers.warnings,
  });
  const issues = [...schemaIssues, ...lineup.issues, ...targets.issues, ...cases.issues, ...helpers.issues, ...defaultsChecks];
  const allEntriesValid = written.cases.every((entry) => entry !== undefined);
  const noCases =
    Array.isArray((doc.value as { cases?: unknown }).cases) && allEntriesValid && cases.issues.length === 0 && cases.cases.length === 0;
  if (noCases && !options.allowNoCases) {
    issues.push({
      ...doc.at(['cases']),
      message: 'cases: the suite has no cases',
      hint: 'add a case with a prompt, or a file entry with rows',
    });
  }
  if (issues.length > 0) throw new SuiteError(tidy(issues, file));

  return {
    name: written.name!,
    ...(written.description !== undefined && { description: written.description }),
    path: absolute,
    hash: await suiteHash(yaml, cases.included, cases.files),
    source: { yaml, files: cases.files },
    baseline: written.baseline!,
    candidates: written.candidates!,
    targets: targets.targets,
    cases: cases.cases,
    samples: written.defaults.samples ?? 1,
    gate: resolveGate(written.gate),
    ...(judge && { judge }),
    ...(embeddings && { embeddings: { ...embeddings, minCosine: written.embeddings?.min_cosine ?? DEFAULT_MIN_COSINE } }),
    warnings: tidy([...parsed.warnings, ...lineup.warnings, ...targets.warnings, ...cases.warnings, ...helpers.warnings], file),
  };
}

async function readSuiteText(absolute: string, file: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SuiteError([{ file, message: 'suite file not found' }]);
    if (code === 'EISDIR') throw new SuiteError([{ file, message: 'expected a suite file, found a folder' }]);
    throw error;
  }
}

/**
 * Any edit to the suite or a file it includes makes a new suite version: the hash of the YAML,
 * then of each included file in path order, its text as kept or else streamed from the file.
 */
async function suiteHash(yaml: string, included: Record<string, string>, kept: Record<string, string>): Promise<string> {
  const hash = createHash('sha256').update(yaml);
  for (const path of Object.keys(included).sort()) {
    hash.update(`\0${path}\0`);
    const text = kept[path];
    if (text !== undefined) {
      hash.update(text);
      continue;
    }
    // Decoded as readFile decodes it, so a file hashes the same whether it was kept or not.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of createReadStream(included[path]!) as AsyncIterable<Buffer>) hash.update(decoder.write(chunk));
    hash.update(decoder.end());
  }
  return hash.digest('hex');
}

/** Each problem once: the suite file first, then included files as met, each by position. */
function tidy(issues: SuiteIssue[], suiteFile: string): SuiteIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = formatIssue(issue);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const fileOrder = [...new Set([suiteFile, ...unique.map((issue) => issue.file)])];
  return unique
    .map((issue, order) => ({ issue, order }))
    .sort(
      (a, b) =>
        fileOrder.indexOf(a.issue.file) - fileOrder.indexOf(b.issue.file) ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.col ?? 0) - (b.issue.col ?? 0) ||
        a.order - b.order,
    )
    .map(({ issue }) => issue);
}
