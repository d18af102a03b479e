import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInside, realPath } from './project-folder.js';
import type { IssueLocation, SuiteIssue } from '../errors.js';
import { validateAssertion } from './validate-assertion.js';
import { validateSpec } from './validate-spec.js';
import { nestedQuantifier, showUserRegex } from './user-regex.js';
import type { Assertion, CompareSpec } from './types.js';
import type { WrittenAssertion, WrittenCompare } from './schema.js';
import { pathText } from './zod-issues.js';
import type { YamlPath } from './yaml-document.js';

/** `{ icontains: "x" }` as written -> `{ type: 'icontains', value: 'x' }`. */
export function toAssertion(written: WrittenAssertion): Assertion {
  const [type, value] = Object.entries(written)[0]!;
  return (type === 'is-json' || type === 'no-tool-call' ? { type } : { type, value }) as Assertion;
}

/**
 * What the schema cannot see: regexes that do not compile, JSON Schemas ajv rejects, labels
 * repeated, JavaScript assertion files that are not there. Reported where they are written.
 */
export interface ComparisonContext {
  suiteDir: string;
  /** The suite's `allow_outside_modules: true`: javascript modules may live outside its folder. */
  allowOutsideModules: boolean;
  warnings: SuiteIssue[];
}

export function checkComparison(
  written: { compare?: WrittenCompare; assert?: WrittenAssertion[] },
  at: (path: YamlPath) => IssueLocation,
  base: YamlPath,
  context: ComparisonContext,
): SuiteIssue[] {
  const { warnings } = context;
  const issues: SuiteIssue[] = [];
  if (written.compare) {
    const spec = written.compare as CompareSpec;
    const problem = validateSpec(spec);
    if (problem) issues.push({ ...at([...base, 'compare']), message: `${pathText([...base, 'compare'])}: ${problem}` });
    else if (typeof spec === 'object' && 'extract' in spec && spec.extract !== undefined)
      warnNested(spec.extract, [...base, 'compare'], at, warnings);
  }
  for (const [index, item] of (written.assert ?? []).entries()) {
    const path = [...base, 'assert', index];
    const assertion = toAssertion(item);
    const problem = assertion.type === 'javascript' ? javascriptProblem(assertion.value, context) : validateAssertion(assertion);
    if (problem) issues.push({ ...at(path), message: `${pathText(path)}: ${problem}` });
    else if (assertion.type === 'regex') warnNested(assertion.value, path, at, warnings);
  }
  return issues;
}

function warnNested(pattern: string, path: YamlPath, at: (path: YamlPath) => IssueLocation, warnings: SuiteIssue[]): void {
  const nested = nestedQuantifier(pattern);
  if (nested === undefined) return;
  warnings.push({
    ...at(path),
    message: `${pathText(path)}: regex ${showUserRegex(pattern)} nests a repeated group in a repetition ('${nested}'): pinned runs it in linear time, but JavaScript's RegExp and most other engines can take exponential time on it`,
    hint: 'if your software matches outputs with the same pattern, rewrite it without the nesting, e.g. (a+)+ as a+',
  });
}

function javascriptProblem(reference: string, { suiteDir, allowOutsideModules }: ComparisonContext): string | undefined {
  const [file, name] = reference.split('#');
  if (!file || !/\.(mjs|js|cjs)$/.test(file)) return `expected file.mjs#function, got "${reference}"`;
  if (name !== undefined && !/^[A-Za-z_$][\w$]*$/.test(name)) return `"${name}" is not a function name`;
  const path = resolve(suiteDir, file);
  if (!existsSync(path)) return `file not found: ${file} (relative to the suite)`;
  // Loading a module runs it: a suite may run code from its own folder, and from elsewhere only
  // when it says so. Links are followed, so one inside the folder that leads out counts as outside.
  if (!allowOutsideModules && !isInside(realPath(suiteDir), realPath(path))) {
    return `${file} is outside the suite's folder, and loading a module runs its code: move it next to the suite, or write allow_outside_modules: true in the suite to allow modules from anywhere`;
  }
  return undefined;
}
