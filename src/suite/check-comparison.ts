import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IssueLocation, SuiteIssue } from '../errors.js';
import { validateAssertion } from './validate-assertion.js';
import { validateSpec } from './validate-spec.js';
import type { Assertion, CompareSpec } from './types.js';
import type { WrittenAssertion, WrittenCompare } from './schema.js';
import { pathText } from './zod-issues.js';
import type { YamlPath } from './yaml-document.js';

/** `{ icontains: "x" }` as written -> `{ type: 'icontains', value: 'x' }`. */
export function toAssertion(written: WrittenAssertion): Assertion {
  const [type, value] = Object.entries(written)[0]!;
  return (type === 'is-json' ? { type } : { type, value }) as Assertion;
}

/**
 * What the schema cannot see: regexes that do not compile, JSON Schemas ajv rejects, labels
 * repeated, JavaScript assertion files that are not there. Reported where they are written.
 */
export function checkComparison(
  written: { compare?: WrittenCompare; assert?: WrittenAssertion[] },
  at: (path: YamlPath) => IssueLocation,
  base: YamlPath,
  suiteDir: string,
): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  if (written.compare) {
    const problem = validateSpec(written.compare as CompareSpec);
    if (problem) issues.push({ ...at([...base, 'compare']), message: `${pathText([...base, 'compare'])}: ${problem}` });
  }
  for (const [index, item] of (written.assert ?? []).entries()) {
    const path = [...base, 'assert', index];
    const assertion = toAssertion(item);
    const problem = assertion.type === 'javascript' ? javascriptProblem(assertion.value, suiteDir) : validateAssertion(assertion);
    if (problem) issues.push({ ...at(path), message: `${pathText(path)}: ${problem}` });
  }
  return issues;
}

function javascriptProblem(reference: string, suiteDir: string): string | undefined {
  const [file, name] = reference.split('#');
  if (!file || !/\.(mjs|js|cjs)$/.test(file)) return `expected file.mjs#function, got "${reference}"`;
  if (name !== undefined && !/^[A-Za-z_$][\w$]*$/.test(name)) return `"${name}" is not a function name`;
  if (!existsSync(resolve(suiteDir, file))) return `file not found: ${file} (relative to the suite)`;
  return undefined;
}
